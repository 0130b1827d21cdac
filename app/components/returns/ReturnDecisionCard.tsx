import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { formatDateTime, label, OUTCOME_LABELS, RESOLUTION_LABELS } from "./labels";

/** How the card names the policy version, so that it never says "decided" of a return that is not. */
const POLICY_PHRASE: Record<string, string> = {
  pending: "Not decided yet: waiting for triage under",
  pending_review: "Sent to review under",
};

/** What the policy decided, its reasons and explanation, and the policy version it was decided under. */
export function ReturnDecisionCard({ detail }: { detail: Pick<ReturnDetail, "decision" | "policyVersion" | "resolution"> }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <CardHeading>Decision</CardHeading>
          <Badge>{label(OUTCOME_LABELS, detail.decision.outcome)}</Badge>
        </InlineStack>
        {detail.decision.reasons.length ? (
          <BlockStack as="ul" gap="100">
            {detail.decision.reasons.map((r, index) => (
              <li key={`${r.code}-${index}`}>
                <Text as="span">{r.message}</Text>
              </li>
            ))}
          </BlockStack>
        ) : null}
        {detail.decision.explanation ? <Text as="p">{detail.decision.explanation}</Text> : null}
        <Text as="p" tone="subdued">
          {detail.policyVersion !== null ? (
            <>
              {POLICY_PHRASE[detail.decision.outcome] ?? "Decided under"} <Link url={`/app/policies/${detail.policyVersion}`}>policy version {detail.policyVersion}</Link>
            </>
          ) : (
            "No policy version was recorded"
          )}
          {detail.decision.decidedAt ? ` · ${formatDateTime(detail.decision.decidedAt)}` : ""}
          {" · "}
          {label(RESOLUTION_LABELS, detail.resolution)}
        </Text>
      </BlockStack>
    </Card>
  );
}
