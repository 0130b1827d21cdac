import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery } from "../.server/api/api-request.server";
import { dayOfBound } from "../.server/api/time-bounds";
import { AnalyticsSummaryQuerySchema, MAX_SUMMARY_DAYS, type AnalyticsSummary } from "../.server/api/schemas";
import { resolvePeriod } from "../.server/analytics/analytics-period";
import { getAnalyticsSummary } from "../.server/analytics/get-analytics-summary.server";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { knownZone } from "../components/shop-time";

/** GET /api/v1/analytics/summary?from=&to=: what happened to the returns requested in a period, from the daily rollups. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const query = parseApiQuery(request, AnalyticsSummaryQuerySchema);
    // The rollups are kept by the shop's calendar day: a full time counts the day it falls on there.
    const timeZone = knownZone(ctx.shop.timezone);
    const requested = { from: query.from && dayOfBound(query.from, timeZone), to: query.to && dayOfBound(query.to, timeZone) };
    const period = resolvePeriod(requested, { maxDays: MAX_SUMMARY_DAYS, timeZone });
    const { current } = await getAnalyticsSummary(ctx, period);
    const answer: AnalyticsSummary = {
      from: period.from,
      to: period.to,
      counts: { byStatus: current.byStatus, byReason: current.byReason },
      approvalRate: current.approvalRate,
      automationRate: current.automationRate,
      medianDecisionSeconds: current.medianDecisionSeconds,
      refundValue: { amount: current.refundValue, currency: ctx.shop.currency },
    };
    return json(answer);
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
