import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { formatDate, formatMoney } from "./labels";
import { ReturnStatusBadge } from "./ReturnStatusBadge";
import { useShopTimeZone } from "../shop-time";

/** Who asked for the return: their risk profile and their other returns to this shop. */
export function ReturnCustomerCard({ detail }: { detail: Pick<ReturnDetail, "customer" | "history" | "order"> }) {
  const timeZone = useShopTimeZone();
  const { profile, pastReturns } = detail.history;
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Customer</CardHeading>
        <Text as="p" breakWord>
          {detail.customer.name ? `${detail.customer.name} · ` : ""}
          {detail.customer.email}
        </Text>
        {profile ? (
          <BlockStack gap="100">
            <Text as="p">
              {profile.returnCount} {profile.returnCount === 1 ? "return" : "returns"} over {profile.orderCount} {profile.orderCount === 1 ? "order" : "orders"},{" "}
              {profile.deniedCount} denied
            </Text>
            <Text as="p" tone="subdued">
              Returned value {formatMoney(profile.returnedValue, detail.order.currency)} · profile risk {profile.riskScore}
            </Text>
            {profile.flags.length ? (
              <InlineStack gap="100">
                {profile.flags.map((flag) => (
                  <Badge key={flag} tone="warning">
                    {flag.replace(/_/g, " ")}
                  </Badge>
                ))}
              </InlineStack>
            ) : null}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            No risk profile yet.
          </Text>
        )}
        <Text as="h3" variant="headingSm">
          Past returns
        </Text>
        {pastReturns.length ? (
          <BlockStack as="ul" gap="100">
            {pastReturns.map((past) => (
              <li key={past.id}>
                <InlineStack gap="200" blockAlign="center" wrap>
                  <Link url={`/app/returns/${past.id}`}>{past.orderName}</Link>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {formatDate(past.createdAt, timeZone)} · {formatMoney(past.refundEstimate, past.currency)}
                  </Text>
                  <ReturnStatusBadge status={past.status} />
                </InlineStack>
              </li>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            No other returns from this email.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
