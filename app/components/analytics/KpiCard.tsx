import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

export type KpiDelta = { text: string; tone: "success" | "critical" | undefined; label: string } | null;

/** A headline figure with its change against the previous period. */
export function KpiCard({ label, value, delta, help }: { label: string; value: string; delta: KpiDelta; help?: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <InlineStack gap="200" blockAlign="center" wrap>
          <Text as="p" variant="headingXl">
            {value}
          </Text>
          {delta ? (
            <Badge tone={delta.tone} aria-label={delta.label}>
              {delta.text}
            </Badge>
          ) : null}
        </InlineStack>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
