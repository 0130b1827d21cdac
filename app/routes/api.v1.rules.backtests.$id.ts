import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { getRuleBacktest } from "../.server/automation/rule-backtest-view";
import { withErrorBody } from "../.server/http/error-response.server";
import { json } from "../.server/http/route-helpers.server";

/** GET /api/v1/rules/backtests/{id}: a rule's try, its progress and, once done, what it would have matched. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await getRuleBacktest(ctx, params.id ?? ""));
  });
