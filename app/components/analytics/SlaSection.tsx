import { BlockStack, Card, Text } from "@shopify/polaris";
import { ScrollableDataTable } from "../ScrollableDataTable";

type Row = { channel: string; cycles: number; firstResponse: { met: number; breached: number; medianMinutes: number | null }; resolution: { met: number; breached: number; medianMinutes: number | null } };

const minutes = (m: number | null) => (m === null ? "–" : m < 90 ? `${m} min` : `${Math.round((m / 60) * 10) / 10} h`);

/** SLAs in the period: targets met and breached, median first-response and resolution times, by channel. */
export function SlaSection({ sla }: { sla: { total: Row; byChannel: Row[] } }) {
  const rows = [...sla.byChannel, sla.total].map((r) => [
    r.channel === "all" ? "All channels" : r.channel,
    String(r.cycles),
    `${r.firstResponse.met} met / ${r.firstResponse.breached} breached`,
    minutes(r.firstResponse.medianMinutes),
    `${r.resolution.met} met / ${r.resolution.breached} breached`,
    minutes(r.resolution.medianMinutes),
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          SLAs
        </Text>
        <Text as="p" tone="subdued">
          Conversations opened or reopened in this period, against the targets of their priority (Automation settings). Snoozed time is left out.
        </Text>
        {sla.total.cycles === 0 ? (
          <Text as="p">No conversations in this period.</Text>
        ) : (
          <ScrollableDataTable
            label="SLAs by channel"
            columnContentTypes={["text", "numeric", "text", "text", "text", "text"]}
            headings={["Channel", "Conversations", "First response", "Median first response", "Resolution", "Median resolution"]}
            rows={rows}
          />
        )}
      </BlockStack>
    </Card>
  );
}
