import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { formatDuration, formatTime, label } from "./format";
import { useShopTimeZone } from "../shop-time";

type Props = {
  customer: { name: string | null; email: string | null; phone: string | null; verifiedOrders?: string[] };
  returns: Array<{ id: string; orderName: string; status: string; createdAt: string }>;
  risk: { score: string; returnCount: number; deniedCount: number; orderCount: number; flags: string[] } | null;
};

/** Who the shopper is: contact details, the orders they proved in the chat, their returns (linked to the returns queue) and their risk profile. */
export function CustomerPanel({ customer, returns, risk }: Props) {
  const timeZone = useShopTimeZone();
  const score = risk ? Number(risk.score) : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Customer
        </Text>
        <BlockStack gap="100">
          <Text as="p" fontWeight="semibold">
            {customer.name ?? "Name not given"}
          </Text>
          <Text as="p">{customer.email ?? "No email given"}</Text>
          {customer.phone ? <Text as="p">{customer.phone}</Text> : null}
          {customer.verifiedOrders?.length ? (
            <InlineStack gap="100" blockAlign="center">
              <Text as="span" tone="subdued">
                Verified in the chat:
              </Text>
              {customer.verifiedOrders.map((name) => (
                <Badge key={name} tone="success">
                  {name}
                </Badge>
              ))}
            </InlineStack>
          ) : null}
        </BlockStack>
        <Text as="h3" variant="headingSm">
          Returns
        </Text>
        {returns.length ? (
          <BlockStack gap="100">
            {returns.map((r) => (
              <InlineStack key={r.id} gap="200" blockAlign="center">
                <Link url={`/app/returns/${r.id}`}>{`Return for ${r.orderName}`}</Link>
                <Badge>{label(r.status)}</Badge>
                <Text as="span" variant="bodySm" tone="subdued">
                  <time dateTime={r.createdAt} suppressHydrationWarning>
                    {formatTime(r.createdAt, timeZone)}
                  </time>
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            No returns from this customer.
          </Text>
        )}
        <Text as="h3" variant="headingSm">
          Risk profile
        </Text>
        {risk && score !== null ? (
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span">{`Score ${score.toFixed(2)}`}</Text>
              <Badge tone={score >= 0.7 ? "critical" : score >= 0.4 ? "warning" : "success"}>{score >= 0.7 ? "High" : score >= 0.4 ? "Medium" : "Low"}</Badge>
            </InlineStack>
            <Text as="p" variant="bodySm">{`${risk.returnCount} returns (${risk.deniedCount} denied) over ${risk.orderCount} orders`}</Text>
            {risk.flags.length ? <Text as="p" variant="bodySm">{`Flags: ${risk.flags.map(label).join(", ")}`}</Text> : null}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            No return history yet.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

/** The conversation's service figures. */
export function MetricsPanel({
  metrics,
}: {
  metrics: { firstResponseSeconds: number | null; resolutionSeconds: number | null; handoffs: number; resolvedByAi: boolean | null; satisfaction: number | null };
}) {
  const rows: Array<[string, string]> = [
    ["First response", formatDuration(metrics.firstResponseSeconds)],
    ["Resolution time", formatDuration(metrics.resolutionSeconds)],
    ["Hand-offs to a person", String(metrics.handoffs)],
    ["Resolved by AI", metrics.resolvedByAi === null ? "Not resolved yet" : metrics.resolvedByAi ? "Yes" : "No"],
    ["Satisfaction", metrics.satisfaction === null ? "Not rated" : `${metrics.satisfaction} / 5`],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Metrics
        </Text>
        <dl style={{ margin: 0, display: "grid", gridTemplateColumns: "auto auto", gap: "4px 16px" }}>
          {rows.map(([term, value]) => (
            <div key={term} style={{ display: "contents" }}>
              <dt>
                <Text as="span" tone="subdued">
                  {term}
                </Text>
              </dt>
              <dd style={{ margin: 0 }}>
                <Text as="span">{value}</Text>
              </dd>
            </div>
          ))}
        </dl>
      </BlockStack>
    </Card>
  );
}
