import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { createRule, listRules, toRuleView } from "../.server/automation/rules.server";

/** GET /api/v1/rules: the shop's automation rules in the order they run. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json({ data: (await listRules(ctx)).map(toRuleView) });
  });

/** POST /api/v1/rules: a new rule, last in the order; 422 `invalid_rules` naming each bad part. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const body = await readApiBody(request, z.unknown());
    return json(toRuleView(await createRule(ctx, body)), 201);
  });
