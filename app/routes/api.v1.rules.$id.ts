import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { deleteRule, getRule, toRuleView, updateRule } from "../.server/automation/rules.server";

/** GET /api/v1/rules/{id}. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(toRuleView(await getRule(ctx, params.id ?? "")));
  });

/** PUT /api/v1/rules/{id} replaces the rule whole; DELETE removes it. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "PUT", "DELETE");
    const ctx = await authenticateWriteKey(request);
    if (request.method === "DELETE") {
      await deleteRule(ctx, params.id ?? "");
      return new Response(null, { status: 204 });
    }
    const body = await readApiBody(request, z.unknown());
    return json(toRuleView(await updateRule(ctx, params.id ?? "", body)));
  });
