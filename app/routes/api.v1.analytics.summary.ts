import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery } from "../.server/api/api-request.server";
import { AnalyticsSummaryQuerySchema } from "../.server/api/schemas";
import { summarizeAnalytics } from "../.server/api/summarize-analytics.server";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /api/v1/analytics/summary?from=&to=: what happened to the returns requested in a period, from the daily rollups. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const query = parseApiQuery(request, AnalyticsSummaryQuerySchema);
    return json(await summarizeAnalytics(ctx, query));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
