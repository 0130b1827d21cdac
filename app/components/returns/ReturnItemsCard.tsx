import { BlockStack, Card, Divider, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { ScrollableDataTable } from "../ScrollableDataTable";
import { CardHeading } from "./CardHeading";
import { CONDITION_LABELS, formatDate, formatMoney, label, REASON_LABELS } from "./labels";
import { useShopTimeZone } from "../shop-time";

/**
 * Text that wraps inside a table cell (Polaris' cells do not), breaking even a long unbroken word,
 * so a long product name or note makes the row taller instead of pushing columns out of the card.
 */
function Wrapping({ minWidth, children }: { minWidth: string; children: React.ReactNode }) {
  return <div style={{ minWidth, maxWidth: "22rem", whiteSpace: "normal", overflowWrap: "anywhere" }}>{children}</div>;
}

/** The returned items with their prices, reasons and notes, under the order they came from, and the shopper's note. */
export function ReturnItemsCard({ detail }: { detail: Pick<ReturnDetail, "order" | "items" | "note"> }) {
  const timeZone = useShopTimeZone();
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Items</CardHeading>
        <Text as="p" tone="subdued">
          Order {detail.order.name} placed {formatDate(detail.order.processedAt, timeZone)}
          {detail.order.deliveredAt ? `, delivered ${formatDate(detail.order.deliveredAt, timeZone)}` : ", no delivery date"} · order total{" "}
          {formatMoney(detail.order.total, detail.order.currency)}
        </Text>
        <ScrollableDataTable
          label="Returned items"
          columnContentTypes={["text", "numeric", "numeric", "text", "text", "text"]}
          headings={["Item", "Quantity", "Unit price", "Reason", "Condition", "Note"]}
          rows={detail.items.map((item) => [
            <Wrapping key="item" minWidth="9rem">
              {[item.title, item.variantTitle, item.sku ? `SKU ${item.sku}` : null].filter(Boolean).join(" · ")}
            </Wrapping>,
            item.quantity,
            formatMoney(item.unitPrice, detail.order.currency),
            label(REASON_LABELS, item.reason),
            item.condition ? label(CONDITION_LABELS, item.condition) : "—",
            <Wrapping key="note" minWidth="8rem">
              {item.note ?? "—"}
            </Wrapping>,
          ])}
        />
        <Divider />
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            The shopper&apos;s note
          </Text>
          <Text as="p" tone={detail.note ? undefined : "subdued"} breakWord>
            {detail.note ?? "No note."}
          </Text>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
