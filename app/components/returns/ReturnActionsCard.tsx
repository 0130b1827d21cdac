import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Divider, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import type { ActionResult } from "../action-result";
import { CardHeading } from "./CardHeading";
import { ReturnRefundReview } from "./ReturnRefundReview";
import { formatDateTime, label, STATUS_LABELS } from "./labels";
import { useShopTimeZone } from "../shop-time";

/** The intents the return page's action answers, one form each. */
export type ReturnIntent = "approve" | "deny" | "request_info" | "mark_received" | "complete" | "add_note" | "retriage" | "change_replacement" | "exchange_to_credit";

type Props = {
  detail: Pick<ReturnDetail, "status" | "resolution" | "receivedAt" | "money" | "order" | "items" | "customer" | "nextStep" | "reference">;
  /** The page's last action result, for field errors and for clearing the form that succeeded. */
  result: ActionResult<ReturnIntent> | undefined;
};

/** The merchant's decisions on the return (approve, deny, ask, receive, complete) and internal notes. */
export function ReturnActionsCard({ detail, result }: Props) {
  const timeZone = useShopTimeZone();
  const navigation = useNavigation();
  const [reason, setReason] = useState("");
  const [question, setQuestion] = useState("");
  const [internalNote, setInternalNote] = useState("");
  const [reviewing, setReviewing] = useState(false);
  const busy = (intent: ReturnIntent) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const fieldError = (intent: ReturnIntent, field: string) => (result && !result.ok && result.intent === intent ? result.fields?.[field] : undefined);

  const undecided = detail.status === "pending_triage" || detail.status === "pending_review";
  const completeLabel = detail.resolution === "exchange" ? "Review and complete the exchange" : "Review the refund and complete";

  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Actions</CardHeading>
        {undecided ? (
          <>
            <IntentForm intent="approve" result={result}>
              <Button submit variant="primary" loading={busy("approve")} fullWidth>
                Approve
              </Button>
            </IntentForm>
            <IntentForm intent="deny" result={result} onDone={() => setReason("")}>
              <BlockStack gap="200">
                <TextField label="Reason for denying" helpText="The shopper reads this." name="reason" value={reason} onChange={setReason} multiline={2} autoComplete="off" error={fieldError("deny", "reason")} />
                <Button submit tone="critical" loading={busy("deny")} fullWidth>
                  Deny
                </Button>
              </BlockStack>
            </IntentForm>
            <IntentForm intent="request_info" result={result} onDone={() => setQuestion("")}>
              <BlockStack gap="200">
                <TextField label="Question for the shopper" helpText="Emailed to the shopper; the return stays in review." name="question" value={question} onChange={setQuestion} multiline={2} autoComplete="off" error={fieldError("request_info", "question")} />
                <Button submit loading={busy("request_info")} fullWidth>
                  Ask for more information
                </Button>
              </BlockStack>
            </IntentForm>
            <IntentForm intent="retriage" result={result}>
              <BlockStack gap="100">
                <Button submit loading={busy("retriage")} fullWidth>
                  Run triage again
                </Button>
                <Text as="p" tone="subdued" variant="bodySm">
                  Checks the photos and the policy again and refreshes the recommendation.
                </Text>
              </BlockStack>
            </IntentForm>
          </>
        ) : null}
        {detail.status === "approved" && !detail.receivedAt ? (
          <IntentForm intent="mark_received" result={result}>
            <Button submit loading={busy("mark_received")} fullWidth>
              Mark items received
            </Button>
          </IntentForm>
        ) : null}
        {detail.status === "approved" && detail.receivedAt ? (
          <Text as="p" tone="subdued">
            Items received {formatDateTime(detail.receivedAt, timeZone)}.
          </Text>
        ) : null}
        {detail.status === "approved" && detail.nextStep ? (
          <Text as="p" tone="subdued">
            {detail.nextStep.kind === "keep_item"
              ? `No parcel: the shopper keeps the items (reference ${detail.reference}).`
              : detail.nextStep.kind === "send_back" && detail.nextStep.deadlineText
                ? `The shopper was asked to send the items by ${detail.nextStep.deadlineText} (reference ${detail.reference}).`
                : `The shopper is waiting for your instructions to send the items back (reference ${detail.reference}).`}
          </Text>
        ) : null}
        {detail.status === "approved" && !reviewing ? (
          <Button variant="primary" onClick={() => setReviewing(true)} fullWidth>
            {completeLabel}
          </Button>
        ) : null}
        {detail.status === "approved" && reviewing ? <ReturnRefundReview detail={detail} fieldError={(field) => fieldError("complete", field)} onCancel={() => setReviewing(false)} /> : null}
        {!undecided && detail.status !== "approved" ? (
          <Text as="p" tone="subdued">
            This return is {label(STATUS_LABELS, detail.status).toLowerCase()}; nothing more to decide.
          </Text>
        ) : null}
        <Divider />
        <IntentForm intent="add_note" result={result} onDone={() => setInternalNote("")}>
          <BlockStack gap="200">
            <TextField label="Internal note" helpText="Only your staff see this." name="note" value={internalNote} onChange={setInternalNote} multiline={2} autoComplete="off" error={fieldError("add_note", "note")} />
            <Button submit loading={busy("add_note")} fullWidth>
              Add note
            </Button>
          </BlockStack>
        </IntentForm>
      </BlockStack>
    </Card>
  );
}

/** A form that posts one intent, its fields cleared after it succeeds. */
function IntentForm({ intent, result, children, onDone }: { intent: ReturnIntent; result: Props["result"]; children: React.ReactNode; onDone?: () => void }) {
  const seen = useRef(result);
  useEffect(() => {
    if (result && result !== seen.current && result.ok && result.intent === intent) onDone?.();
    seen.current = result;
  }, [result, intent, onDone]);
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}
