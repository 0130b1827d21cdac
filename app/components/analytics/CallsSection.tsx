import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import type { CallAnalytics } from "../../.server/analytics/call-analytics.server";
import { KpiCard } from "./KpiCard";
import { SimpleTable } from "./SimpleTable";

const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`);

/** Calls in the period: how many, their minutes and the share the AI resolved without a person, by kind. */
export function CallsSection({ calls }: { calls: CallAnalytics }) {
  const { total, voice, video } = calls;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Calls
        </Text>
        {total.calls === 0 ? (
          <Text as="p" tone="subdued">
            No voice or video calls in this period.
          </Text>
        ) : (
          <>
            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
              <KpiCard label="Calls" value={String(total.calls)} delta={null} />
              <KpiCard label="Minutes" value={String(total.minutes)} delta={null} help="Each call rounded up to the whole minute, as the providers bill." />
              <KpiCard
                label="Resolved without a person"
                value={percent(total.resolvedRate)}
                delta={null}
                help={`${total.resolvedWithoutPerson} of ${total.finished} finished calls needed no hand-off.`}
              />
            </InlineGrid>
            <SimpleTable
              headings={["Kind", "Calls", "Minutes", "Resolved without a person"]}
              rows={[
                ["Voice", voice.calls, voice.minutes, percent(voice.resolvedRate)],
                ["Video", video.calls, video.minutes, percent(video.resolvedRate)],
              ]}
            />
          </>
        )}
      </BlockStack>
    </Card>
  );
}
