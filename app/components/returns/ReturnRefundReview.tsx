import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, ButtonGroup, Checkbox, ChoiceList, InlineStack, Text, TextField } from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { formatMoney } from "./labels";
import { defaultAmount, fromCents, fullShares, reviewTotal, toCents, type ReviewLineState } from "./refund-review";

type Props = {
  detail: Pick<ReturnDetail, "resolution" | "items" | "money" | "order" | "customer">;
  fieldError?: (field: string) => string | undefined;
  onCancel: () => void;
};

/**
 * The merchant's review before money moves: units and amount per line, restock per line, refund or
 * store credit, then a confirmation that names the total. Only the confirmation submits.
 */
export function ReturnRefundReview({ detail, fieldError, onCancel }: Props) {
  const navigation = useNavigation();
  const currency = detail.order.currency;
  const shares = useMemo(() => fullShares(detail.items, detail.money.refundEstimate), [detail.items, detail.money.refundEstimate]);
  const [lines, setLines] = useState<ReviewLineState[]>(() =>
    detail.items.map((item, i) => ({ lineItemId: item.lineItemId, quantity: item.quantity, amount: defaultAmount(shares[i]!, item, item.quantity), restock: item.restock, edited: false })),
  );
  const [resolution, setResolution] = useState<string>(detail.resolution);
  const [confirming, setConfirming] = useState(false);
  const total = reviewTotal(lines);
  const readable = Number.isFinite(total);
  const totalText = readable ? formatMoney(fromCents(total), currency) : "—";
  const verb = resolution === "store_credit" ? "Issue" : resolution === "exchange" ? "Complete the exchange worth" : "Refund";
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "complete";

  const update = (index: number, change: Partial<ReviewLineState>) =>
    setLines((current) =>
      current.map((line, i) => {
        if (i !== index) return line;
        const next = { ...line, ...change };
        // Until the merchant types an amount, it follows the units.
        if (change.quantity !== undefined && !line.edited) next.amount = defaultAmount(shares[i]!, detail.items[i]!, next.quantity);
        return next;
      }),
    );

  const review = JSON.stringify({ resolution: resolution === "exchange" ? undefined : resolution, lines: lines.map(({ lineItemId, quantity, amount, restock }) => ({ lineItemId, quantity, amount, restock })) });

  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        Review the refund
      </Text>
      {detail.items.map((item, i) => {
        const line = lines[i]!;
        const quantityOk = Number.isInteger(line.quantity) && line.quantity >= 0 && line.quantity <= item.quantity;
        return (
          <Box key={item.lineItemId} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border">
            <BlockStack gap="200">
              <Text as="p" fontWeight="semibold" breakWord>
                {item.title} · {item.quantity} returned at {formatMoney(item.unitPrice, currency)}
              </Text>
              <InlineStack gap="200" wrap>
                <Box minWidth="96px">
                  <TextField
                    label="Units to refund"
                    type="number"
                    min={0}
                    max={item.quantity}
                    value={String(line.quantity)}
                    onChange={(v) => update(i, { quantity: v === "" ? 0 : Math.trunc(Number(v)) })}
                    autoComplete="off"
                    error={quantityOk ? undefined : `0 to ${item.quantity}`}
                  />
                </Box>
                <Box minWidth="120px">
                  <TextField
                    label="Amount"
                    prefix={currency}
                    value={line.amount}
                    onChange={(v) => update(i, { amount: v, edited: true })}
                    autoComplete="off"
                    error={Number.isFinite(toCents(line.amount)) ? fieldError?.(`lines[${i}].amount`) : "An amount such as 12.50"}
                  />
                </Box>
              </InlineStack>
              <Checkbox label="Put back in stock" checked={line.restock} onChange={(v) => update(i, { restock: v })} />
            </BlockStack>
          </Box>
        );
      })}
      {detail.resolution !== "exchange" ? (
        <ChoiceList
          title="Give back as"
          choices={[
            { label: "Refund to the original payment", value: "refund" },
            { label: "Store credit", value: "store_credit" },
          ]}
          selected={[resolution]}
          onChange={(v) => setResolution(v[0] ?? detail.resolution)}
        />
      ) : null}
      <Text as="p" variant="headingMd">
        Total: {totalText}
      </Text>
      {confirming && readable ? (
        <Banner tone="warning" title={`${verb} ${totalText}?`}>
          <BlockStack gap="200">
            <p>
              {resolution === "store_credit" ? `${totalText} of store credit goes to ${detail.customer.email}.` : resolution === "exchange" ? "The exchange is recorded on the store." : `${totalText} goes back to ${detail.customer.email}'s original payment.`} This
              moves money on the store and can't be undone.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="complete" />
              <input type="hidden" name="review" value={review} />
              <input type="hidden" name="confirmedAmount" value={fromCents(total)} />
              <ButtonGroup>
                <Button submit variant="primary" tone="critical" loading={busy}>
                  {`Yes, ${verb.toLowerCase()} ${totalText}`}
                </Button>
                <Button onClick={() => setConfirming(false)}>Back to the review</Button>
              </ButtonGroup>
            </Form>
          </BlockStack>
        </Banner>
      ) : (
        <ButtonGroup>
          <Button variant="primary" disabled={!readable || total <= 0} onClick={() => setConfirming(true)}>
            {`${verb} ${totalText}…`}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </ButtonGroup>
      )}
    </BlockStack>
  );
}
