import { Form, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { ExchangeAvailability, ExchangeItemAvailability } from "../../.server/returns/get-exchange-availability.server";
import type { ActionResult } from "../action-result";
import { CardHeading } from "./CardHeading";
import { formatMoney } from "./labels";

type Props = { exchange: ExchangeAvailability; currency: string; bonusPercent: number; result: ActionResult | undefined };

function stockBadge(item: ExchangeItemAvailability) {
  if (item.available === null) return <Badge>Stock unknown</Badge>;
  if (item.available >= item.quantity) return <Badge tone="success">{`In stock: ${item.available}`}</Badge>;
  return <Badge tone="critical">{item.available > 0 ? `Only ${item.available} in stock` : "Out of stock"}</Badge>;
}

/** One replacement: what was chosen, whether it can ship, and a form to pick another variant in stock. */
function ExchangeItem({ item, currency, editable, result }: { item: ExchangeItemAvailability; currency: string; editable: boolean; result: Props["result"] }) {
  const navigation = useNavigation();
  const others = item.variants.filter((v) => v.id !== item.replacement.variantId);
  const [variantId, setVariantId] = useState(others.find((v) => v.inStock)?.id ?? "");
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "change_replacement" && navigation.formData?.get("lineItemId") === item.lineItemId;
  const failed = result && !result.ok && result.intent === "change_replacement" ? result : null;
  const name = item.replacement.variantTitle ? `${item.replacement.title} (${item.replacement.variantTitle})` : item.replacement.title;
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center" wrap>
        <Text as="p">
          {item.title} × {item.quantity} → <Text as="span" fontWeight="semibold">{name}</Text> at {formatMoney(item.replacement.price, currency)}
          {item.replacement.sku ? ` · SKU ${item.replacement.sku}` : ""}
        </Text>
        {stockBadge(item)}
      </InlineStack>
      {editable && others.length ? (
        <Form method="post">
          <input type="hidden" name="intent" value="change_replacement" />
          <input type="hidden" name="lineItemId" value={item.lineItemId} />
          <BlockStack gap="200">
            <Select
              label={`Another replacement for ${item.title}`}
              name="variantId"
              value={variantId}
              onChange={setVariantId}
              options={[
                { label: "Choose a variant", value: "", disabled: true },
                ...others.map((v) => ({
                  label: `${v.title ?? item.replacement.title} · ${formatMoney(v.price, currency)} · ${v.inStock ? `${v.available} in stock` : "out of stock"}`,
                  value: v.id,
                  disabled: !v.inStock,
                })),
              ]}
              error={failed?.fields?.["exchangeFor.variantId"]}
              helpText="Only variants in stock for the quantity returned can be chosen; the store is asked again when you save."
            />
            <InlineStack>
              <Button submit loading={busy} disabled={!variantId}>
                Change replacement
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
      ) : null}
    </BlockStack>
  );
}

/** The exchange of a return: each replacement with its live stock, changing it, or turning the exchange into store credit. */
export function ReturnExchangeCard({ exchange, currency, bonusPercent, result }: Props) {
  const navigation = useNavigation();
  const editable = exchange.lockedReason === null;
  const converting = navigation.state !== "idle" && navigation.formData?.get("intent") === "exchange_to_credit";
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Exchange</CardHeading>
        {exchange.platformError ? (
          <Banner tone="warning">
            <p>{exchange.platformError} The replacements are shown as chosen.</p>
          </Banner>
        ) : null}
        {exchange.items.map((item) => (
          <ExchangeItem key={item.lineItemId} item={item} currency={currency} editable={editable} result={result} />
        ))}
        {editable ? (
          <Form method="post">
            <input type="hidden" name="intent" value="exchange_to_credit" />
            <BlockStack gap="100">
              <InlineStack>
                <Button submit loading={converting}>
                  Turn into store credit
                </Button>
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {`Every item of this return becomes store credit${bonusPercent > 0 ? ` with the ${bonusPercent}% bonus` : ""}; the replacements are dropped.`}
              </Text>
            </BlockStack>
          </Form>
        ) : (
          <Text as="p" tone="subdued">
            {exchange.lockedReason}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
