import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { formatDateTime, label, OUTCOME_LABELS, RESOLUTION_LABELS } from "./labels";
import { useShopTimeZone } from "../shop-time";

/**
 * The decision's reasons in the merchant's words. The stored messages are written to the shopper
 * ("You've reached…", "please contact the store"); a code without a merchant wording keeps its message.
 */
const MERCHANT_REASONS: Record<string, string> = {
  within_policy: "Every item is eligible and inside its return window.",
  customer_limit_reached: "The customer has reached this shop's limit of returns.",
  blocked_email: "The customer's email address is on the blocked list.",
  evidence_required: "A photo is required for the reported reason and none was sent.",
  order_value_over_limit: "The order is over the automatic-approval value limit.",
  risk_over_limit: "The risk score is over the automatic-approval limit.",
  auto_approve_disabled: "Automatic approval is off, so every return waits for a review.",
};

/** How the card names the policy version, so that it never says "decided" of a return that is not. */
const POLICY_PHRASE: Record<string, string> = {
  pending: "Not decided yet: waiting for triage under",
  pending_review: "Sent to review under",
};

/** What the policy decided, its reasons and explanation, and the policy version it was decided under. */
export function ReturnDecisionCard({ detail }: { detail: Pick<ReturnDetail, "decision" | "policyVersion" | "resolution"> }) {
  const timeZone = useShopTimeZone();
  const reasons = [...new Set(detail.decision.reasons.map((r) => MERCHANT_REASONS[r.code] ?? r.message))];
  // What the shopper read, less any sentence the card already shows above it.
  const listed = new Set(reasons.map((text) => text.trim()));
  const told = detail.decision.explanation
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence && !listed.has(sentence))
    .join(" ");
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <CardHeading>Decision</CardHeading>
          <Badge>{label(OUTCOME_LABELS, detail.decision.outcome)}</Badge>
        </InlineStack>
        {reasons.length ? (
          <BlockStack as="ul" gap="100">
            {reasons.map((text) => (
              <li key={text}>
                <Text as="span">{text}</Text>
              </li>
            ))}
          </BlockStack>
        ) : null}
        {told ? (
          <Text as="p" tone="subdued">
            The shopper was told: “{told}”
          </Text>
        ) : null}
        <Text as="p" tone="subdued">
          {detail.policyVersion !== null ? (
            <>
              {POLICY_PHRASE[detail.decision.outcome] ?? "Decided under"} <Link url={`/app/policies/${detail.policyVersion}`}>policy version {detail.policyVersion}</Link>
            </>
          ) : (
            "No policy version was recorded"
          )}
          {detail.decision.decidedAt ? ` · ${formatDateTime(detail.decision.decidedAt, timeZone)}` : ""}
          {" · "}
          {label(RESOLUTION_LABELS, detail.resolution)}
        </Text>
      </BlockStack>
    </Card>
  );
}
