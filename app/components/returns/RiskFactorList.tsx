import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";

export type RiskFactorView = { code: string; label: string; contribution: number; detail?: string };

/** Each named factor of a risk score with what it added, largest first. */
export function RiskFactorList({ factors }: { factors: RiskFactorView[] }) {
  if (factors.length === 0) return <Text as="p" tone="subdued">No risk factor applied to this return.</Text>;
  const sorted = [...factors].sort((a, b) => b.contribution - a.contribution);
  return (
    <BlockStack gap="300" as="ul">
      {sorted.map((factor) => (
        <li key={factor.code} style={{ listStyle: "none" }}>
          <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="span" fontWeight="semibold">
                {factor.label}
              </Text>
              <Text as="span" numeric>
                +{factor.contribution.toFixed(3)}
              </Text>
            </InlineStack>
            {/* The number above says it; the bar only shows the proportion, so screen readers skip it. */}
            <div aria-hidden="true">
              <Box background="bg-fill-secondary" borderRadius="100" minHeight="6px">
                <div style={{ width: `${Math.min(100, Math.max(2, Math.round(factor.contribution * 100)))}%`, height: 6, borderRadius: 4, background: "var(--p-color-bg-fill-critical)" }} />
              </Box>
            </div>
            {factor.detail ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {factor.detail}
              </Text>
            ) : null}
          </BlockStack>
        </li>
      ))}
    </BlockStack>
  );
}
