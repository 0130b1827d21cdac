import { getSlaSummary } from "../.server/automation/sla.server";
import { SlaSection } from "../components/analytics/SlaSection";
import { getCallAnalytics } from "../.server/analytics/call-analytics.server";
import { CallsSection } from "../components/analytics/CallsSection";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { z } from "zod";
import { addDays, dayOf, dayStart, resolvePeriod } from "../.server/analytics/analytics-period";
import { getAnalyticsSummary, MAX_ANALYTICS_DAYS, type AnalyticsFigures } from "../.server/analytics/get-analytics-summary.server";
import { scheduleAnalyticsSweep } from "../.server/analytics/schedule-analytics-sweep.server";
import { db } from "../.server/db.server";
import { AppError, validationError } from "../.server/errors";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { ChartCard } from "../components/analytics/ChartCard";
import type { AnalyticsChartSpec } from "../components/analytics/chart-spec";
import { DateRangePicker, formatDay } from "../components/analytics/DateRangePicker";
import { KpiCard, type KpiDelta } from "../components/analytics/KpiCard";
import { SimpleTable } from "../components/analytics/SimpleTable";
import { formatMoney } from "../components/returns/labels";
import { knownZone } from "../components/shop-time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

const day = z.iso.date({ error: "must be a date like 2026-11-01" });
const RangeQuery = z.object({ from: day.optional(), to: day.optional() });
const FIELD_NAMES: Record<string, string> = { from: "Start date", to: "End date" };

/** The period's shop days as instants: from the start of its first day to the start of the day after its last, in the shop's zone. */
function slaRange(period: { from: string; to: string }, timeZone: string) {
  const start = (day: string) => {
    const utc = dayStart(day);
    // The zone's offset at that moment moves the UTC midnight to the shop's midnight.
    const shown = new Date(utc.toLocaleString("en-US", { timeZone }));
    const asUtc = new Date(utc.toLocaleString("en-US", { timeZone: "UTC" }));
    return new Date(utc.getTime() - (shown.getTime() - asUtc.getTime()));
  };
  return { from: start(period.from), to: start(addDays(period.to, 1)) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const params = new URL(request.url).searchParams;
  // Days are the shop's calendar days, like every date in the admin.
  const timeZone = knownZone(ctx.shop.timezone);
  const today = dayOf(new Date(), timeZone);
  let rangeError: { message: string; fields: string[] } | null = null;
  let period;
  try {
    const parsed = RangeQuery.safeParse({ from: params.get("from") || undefined, to: params.get("to") || undefined });
    if (!parsed.success) throw validationError(parsed.error, "This date range is not valid.");
    period = resolvePeriod(parsed.data, { maxDays: MAX_ANALYTICS_DAYS, timeZone });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    rangeError = { message: error.message, fields: Object.entries(error.fields ?? {}).map(([field, problem]) => `${FIELD_NAMES[field] ?? field} ${problem}.`) };
    period = resolvePeriod({}, { maxDays: MAX_ANALYTICS_DAYS, timeZone });
  }
  // Keeps the sweep that folds in triage and conversation changes running (one row per slot).
  await scheduleAnalyticsSweep(db(), new Date());
  const report = await getAnalyticsSummary(ctx, period);
  const sla = await getSlaSummary(ctx.shop, slaRange(period, timeZone));
  const calls = await getCallAnalytics(ctx.shop.id, slaRange(period, timeZone));
  return { report, today, rangeError, maxDays: MAX_ANALYTICS_DAYS, timeZone, sla, calls };
}

export const meta = () => [{ title: "Analytics · Dokani" }];

const REASON_LABELS: Record<string, string> = {
  size_too_small: "Too small",
  size_too_large: "Too large",
  not_as_described: "Not as described",
  damaged: "Damaged",
  defective: "Defective",
  wrong_item: "Wrong item",
  changed_mind: "Changed mind",
  arrived_late: "Arrived late",
  other: "Other",
};
const STATUS_LABELS: Array<[keyof AnalyticsFigures["byStatus"], string]> = [
  ["pending_triage", "Being triaged"],
  ["pending_review", "Needs review"],
  ["approved", "Approved"],
  ["completed", "Completed"],
  ["denied", "Denied"],
  ["cancelled", "Cancelled"],
];

/** An exact decimal string in the shop's currency format, as everywhere in the admin: "$1,234.50". */
const money = formatMoney;
const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`);
function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 1) return "Under a second";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86400) * 10) / 10} days`;
}

type Better = "up" | "down" | "neutral";
function countDelta(current: number, previous: number, better: Better): KpiDelta {
  if (previous === 0) return current === 0 ? null : { text: "New", tone: undefined, label: "None in the previous period" };
  const change = Math.round(((current - previous) / previous) * 1000) / 10;
  return deltaOf(change, `${change > 0 ? "+" : ""}${change}%`, `${change > 0 ? "Up" : change < 0 ? "Down" : "No change,"} ${Math.abs(change)}% from the previous period`, better);
}
function rateDelta(current: number | null, previous: number | null, better: Better): KpiDelta {
  if (current === null || previous === null) return null;
  const points = Math.round((current - previous) * 1000) / 10;
  return deltaOf(points, `${points > 0 ? "+" : ""}${points} pts`, `${points > 0 ? "Up" : points < 0 ? "Down" : "No change,"} ${Math.abs(points)} percentage points from the previous period`, better);
}
function moneyDelta(current: string, previous: string, better: Better): KpiDelta {
  return countDelta(Number(current), Number(previous), better);
}
function deltaOf(change: number, text: string, label: string, better: Better): KpiDelta {
  const good = better === "neutral" || change === 0 ? undefined : (change > 0) === (better === "up") ? "success" : "critical";
  return { text, tone: good, label };
}

export default function Analytics() {
  const { report, today, rangeError, maxDays, timeZone, sla, calls } = useLoaderData<typeof loader>();
  const { current, previous, currency, period, previousPeriod } = report;
  const hasData = current.requested > 0 || current.conversations > 0;
  const pointLabel = (start: string, end: string) => (report.granularity === "day" ? formatDay(start) : `${formatDay(start)} – ${formatDay(end)}`);
  const reasonsUsed = Object.entries(current.byReason).filter(([, n]) => n > 0);

  const overTime: AnalyticsChartSpec = {
    kind: "line",
    labelHeading: report.granularity === "day" ? "Day" : "Week",
    series: [
      { name: "Requested", points: report.series.map((p) => ({ label: pointLabel(p.start, p.end), value: p.requested })) },
      { name: "Approved", points: report.series.map((p) => ({ label: pointLabel(p.start, p.end), value: p.approved })) },
      { name: "Denied", points: report.series.map((p) => ({ label: pointLabel(p.start, p.end), value: p.denied })) },
    ],
  };
  const reasonsOverTime: AnalyticsChartSpec = {
    kind: "line",
    labelHeading: report.granularity === "day" ? "Day" : "Week",
    series: reasonsUsed.map(([reason]) => ({
      name: REASON_LABELS[reason] ?? reason,
      points: report.series.map((p) => ({ label: pointLabel(p.start, p.end), value: p.byReason[reason as keyof typeof p.byReason] })),
    })),
  };
  const reasons: AnalyticsChartSpec = {
    kind: "bar",
    labelHeading: "Reason",
    series: [{ name: "Returns", points: Object.entries(current.byReason).map(([reason, n]) => ({ label: REASON_LABELS[reason] ?? reason, value: n })) }],
  };
  const products: AnalyticsChartSpec = {
    kind: "horizontal-bar",
    labelHeading: "Product",
    series: [{ name: "Returns", points: report.topProducts.map((p) => ({ label: p.title, value: p.returns, display: `${p.returns} (${p.units} units, ${money(p.value, currency)})` })) }],
  };
  const outcomes: AnalyticsChartSpec = {
    kind: "donut",
    unit: "money",
    labelHeading: "Resolution",
    series: [
      { name: "Refunded", points: [{ label: "Refunded", value: Number(current.refundValue), display: money(current.refundValue, currency) }] },
      { name: "Store credit", points: [{ label: "Store credit", value: Number(current.storeCreditValue), display: money(current.storeCreditValue, currency) }] },
      { name: "Exchanges", points: [{ label: "Exchanges", value: Number(current.exchangeValue), display: money(current.exchangeValue, currency) }] },
    ],
  };
  const outcomesTable: AnalyticsChartSpec = {
    ...outcomes,
    series: [{ name: "Value", points: outcomes.series.map((s) => s.points[0]!) }],
  };
  const risk: AnalyticsChartSpec = {
    kind: "bar",
    labelHeading: "Risk score",
    series: [{ name: "Returns", points: report.riskBuckets.map((n, i) => ({ label: `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, value: n })) }],
  };
  const valueTotal = Number(current.refundValue) + Number(current.keptValue);
  const riskTotal = report.riskBuckets.reduce((a, b) => a + b, 0);

  return (
    <Page
      title="Analytics"
      subtitle={`${formatDay(period.from)} – ${formatDay(period.to)} (days in ${timeZone}), compared with ${formatDay(previousPeriod.from)} – ${formatDay(previousPeriod.to)}`}
    >
      <Layout>
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="center" gap="300">
            <DateRangePicker range={{ from: period.from, to: period.to }} today={today} maxDays={maxDays} />
            <Text as="p" tone="subdued">
              {report.granularity === "week" ? "Long range: charted by week." : "Charted by day."}
            </Text>
          </InlineStack>
        </Layout.Section>
        {rangeError ? (
          <Layout.Section>
            <Banner tone="critical" title="This date range cannot be shown">
              <BlockStack gap="100">
                <p>{rangeError.message}</p>
                {rangeError.fields.map((f) => (
                  <p key={f}>{f}</p>
                ))}
                <p>Showing the last 30 days instead.</p>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <KpiCard label="Return requests" value={String(current.requested)} delta={countDelta(current.requested, previous.requested, "down")} />
            <KpiCard
              label="Return rate"
              value={current.returnRate === null ? "Needs order counts" : percent(current.returnRate)}
              delta={rateDelta(current.returnRate, previous.returnRate, "down")}
              help={current.orders === null ? "Return rate needs order counts, which this platform does not share yet." : `${current.requested} requests, ${current.orders} orders`}
            />
            <KpiCard label="Approval rate" value={percent(current.approvalRate)} delta={rateDelta(current.approvalRate, previous.approvalRate, "neutral")} help={`${current.decided} decided`} />
            <KpiCard
              label="Automation rate"
              value={percent(current.automationRate)}
              delta={rateDelta(current.automationRate, previous.automationRate, "up")}
              help={`Decided by your policy alone; ${percent(current.autoApprovalRate)} auto-approved`}
            />
            <KpiCard
              label="Median time to decision"
              value={duration(current.medianDecisionSeconds)}
              delta={null}
              help={`Bucketed, within about 5%. Previous period: ${duration(previous.medianDecisionSeconds)}`}
            />
            <KpiCard label="Refunded" value={money(current.refundValue, currency)} delta={moneyDelta(current.refundValue, previous.refundValue, "down")} />
            <KpiCard label="Kept as store credit or exchange" value={money(current.keptValue, currency)} delta={moneyDelta(current.keptValue, previous.keptValue, "up")} />
            <KpiCard
              label="AI resolution rate"
              value={percent(current.aiResolutionRate)}
              delta={rateDelta(current.aiResolutionRate, previous.aiResolutionRate, "up")}
              help={current.conversations === 0 ? "No conversations in this period yet" : `${current.resolvedByAi} of ${current.conversations} conversations; ${current.handoffs} handed to a person (${percent(current.handoffRate)})`}
            />
          </InlineGrid>
        </Layout.Section>
        {!hasData ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="No returns or conversations in this period" image="">
                <p>Choose a longer range, or come back once shoppers have asked for returns. Figures appear here within seconds of each request.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <ChartCard title="Return requests over time" description="Requests by the day they were made, and how many of them were approved or denied." spec={overTime} />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <ChartCard title="Requests by reason" spec={reasons} empty={current.requested === 0 ? "No return requests in this period." : undefined} />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Requests by status
                  </Text>
                  <SimpleTable headings={["Status", "This period", "Previous period"]} rows={STATUS_LABELS.map(([status, label]) => [label, current.byStatus[status], previous.byStatus[status]])} />
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <ChartCard title="Reasons over time" spec={reasonsOverTime} empty={reasonsUsed.length === 0 ? "No return requests in this period." : undefined} />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <ChartCard
                title="Refunded against kept"
                description="Completed returns: money refunded, against value kept as store credit or an exchange."
                spec={outcomes}
                table={outcomesTable}
                empty={valueTotal === 0 ? "No completed returns in this period." : undefined}
              />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Exchanges against refunds
                  </Text>
                  <Text as="p" tone="subdued">
                    Revenue kept: the value of items exchanged (approved or completed exchanges) against money refunded on completed refunds.
                  </Text>
                  <SimpleTable
                    headings={["", "This period", "Previous period"]}
                    rows={[
                      ["Value exchanged", money(current.exchangedValue, currency), money(previous.exchangedValue, currency)],
                      ["Refunded", money(current.refundValue, currency), money(previous.refundValue, currency)],
                      ["Exchange share", percent(current.exchangeShare), percent(previous.exchangeShare)],
                      ["Exchanges", current.exchanges, previous.exchanges],
                    ]}
                  />
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <ChartCard title="Top returned products" spec={products} empty={report.topProducts.length === 0 ? "No returned products in this period." : undefined} />
            </Layout.Section>
            <Layout.Section>
              <SlaSection sla={sla} />
            </Layout.Section>
            <Layout.Section>
              <ChartCard
                title="Risk distribution"
                description="Returns by risk score, from 0 (no warning signs) to 1."
                spec={risk}
                empty={riskTotal === 0 ? "No scored returns in this period." : undefined}
              />
            </Layout.Section>
          </>
        )}
        <Layout.Section>
          <CallsSection calls={calls} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
