import { BlockStack, Card, InlineStack } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { RiskBadge } from "./RiskBadge";
import { RiskFactorList } from "./RiskFactorList";

/** The return's risk band and score, and the factors that made it. */
export function ReturnRiskCard({ risk }: { risk: ReturnDetail["risk"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <CardHeading>Risk</CardHeading>
          <RiskBadge band={risk.band} score={risk.score} showScore />
        </InlineStack>
        <RiskFactorList factors={risk.factors} />
      </BlockStack>
    </Card>
  );
}
