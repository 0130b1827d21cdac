import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { formatMoney } from "./labels";

/** The refund estimate, its fee and bonus, and what was issued once the return completed. */
export function ReturnMoneyCard({ money, currency }: { money: ReturnDetail["money"]; currency: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <CardHeading>Money</CardHeading>
        <MoneyLine term="Estimate" amount={money.refundEstimate} currency={currency} />
        <MoneyLine term="Restocking fee" amount={money.restockingFee} currency={currency} />
        <MoneyLine term="Store credit bonus" amount={money.storeCreditBonus} currency={currency} />
        {money.refundedAmount !== null ? <MoneyLine term="Issued" amount={money.refundedAmount} currency={currency} /> : null}
      </BlockStack>
    </Card>
  );
}

function MoneyLine({ term, amount, currency }: { term: string; amount: string; currency: string }) {
  return (
    <InlineStack align="space-between">
      <Text as="span" tone="subdued">
        {term}
      </Text>
      <Text as="span" numeric>
        {formatMoney(amount, currency)}
      </Text>
    </InlineStack>
  );
}
