import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";

/** The model's look at the photos, in the merchant's words. */
export const PHOTO_CHECK = {
  shows_claim: { label: "Photos show the reported problem", tone: "success" },
  does_not_show_claim: { label: "Photos do not show the reported problem", tone: "critical" },
  unclear: { label: "Photos are unclear", tone: "attention" },
} as const;

/** The model's or the rules' advice on the return, which never changes what the policy decided. */
export function ReturnRecommendationCard({ recommendation }: { recommendation: ReturnDetail["recommendation"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Recommendation</CardHeading>
        {recommendation ? (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={recommendation.action === "approve" ? "success" : recommendation.action === "deny" ? "critical" : "attention"}>
                {recommendation.action === "request_info" ? "Ask for more information" : recommendation.action === "approve" ? "Approve" : "Deny"}
              </Badge>
              <Text as="span" tone="subdued">
                {/* Only a model gives a confidence; the rules' advice follows from the rule that applied, so no figure is shown for it. */}
                {recommendation.source === "model"
                  ? `AI${recommendation.model ? ` (${recommendation.model})` : ""} · confidence ${Math.round(recommendation.confidence * 100)}%`
                  : "From the policy's rules"}
              </Text>
            </InlineStack>
            <Text as="p" breakWord>
              {recommendation.reasoning}
            </Text>
            {recommendation.photoCheck ? (
              <InlineStack gap="200" blockAlign="center" wrap>
                <Badge tone={PHOTO_CHECK[recommendation.photoCheck.verdict].tone}>{PHOTO_CHECK[recommendation.photoCheck.verdict].label}</Badge>
                {recommendation.photoCheck.note ? (
                  <Text as="span" breakWord>
                    {recommendation.photoCheck.note}
                  </Text>
                ) : null}
              </InlineStack>
            ) : null}
            <Text as="p" tone="subdued" variant="bodySm">
              A recommendation is advice: it never changes what the policy decided.
            </Text>
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            No recommendation: the policy&apos;s rules alone decided this return.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
