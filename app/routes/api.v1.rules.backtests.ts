import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { startRuleBacktest } from "../.server/automation/run-rule-backtest.server";
import { toRuleBacktestView } from "../.server/automation/rule-backtest-view";

const BodySchema = z.object({ rule: z.unknown(), days: z.number({ error: "must be 7, 30 or 90" }), ruleId: z.uuid("must be a rule id").optional() });

/** POST /api/v1/rules/backtests {rule, days, ruleId?}: tries a rule over the last days' events; poll GET /api/v1/rules/backtests/{id}. */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateApiKey(request);
    const body = await readApiBody(request, BodySchema);
    const backtest = await startRuleBacktest(ctx, { definition: body.rule, days: body.days, ruleId: body.ruleId });
    return json(toRuleBacktestView(backtest), 202);
  });

/** Any other method: 405 with `Allow`. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return json({});
  });
