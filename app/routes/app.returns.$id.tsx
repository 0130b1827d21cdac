import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { AppError, zodFields } from "../.server/errors";
import { parseId } from "../.server/http/route-helpers.server";
import { addReturnNote } from "../.server/returns/add-return-note.server";
import { approveReturn } from "../.server/returns/approve-return.server";
import { completeReturn } from "../.server/returns/complete-return.server";
import { denyReturn } from "../.server/returns/deny-return.server";
import { getReturnDetail } from "../.server/returns/get-return-detail.server";
import { markReturnReceived } from "../.server/returns/mark-return-received.server";
import { requestReturnInfo } from "../.server/returns/request-return-info.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { EvidenceLightbox } from "../components/returns/EvidenceLightbox";
import { ScrollableDataTable } from "../components/ScrollableDataTable";
import { CONDITION_LABELS, formatDate, formatDateTime, formatMoney, label, OUTCOME_LABELS, REASON_LABELS, RESOLUTION_LABELS, STATUS_LABELS } from "../components/returns/labels";
import { ReturnStatusBadge } from "../components/returns/ReturnStatusBadge";
import { ReturnTimeline } from "../components/returns/ReturnTimeline";
import { RiskBadge } from "../components/returns/RiskBadge";
import { RiskFactorList } from "../components/returns/RiskFactorList";
import { useToast } from "../components/toast";

/** The one answer for a return id that is malformed, missing or another shop's. */
function notFound(): Response {
  return new Response("No such return.", { status: 404, statusText: "Not Found" });
}

/** The return id of the URL, or a 404 for anything that cannot name one of this shop's returns. */
function returnId(value: string | undefined): string {
  try {
    return parseId(value, "return");
  } catch {
    throw notFound();
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Return ${data.detail.order.name} · Dokani` : "Return · Dokani" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = returnId(params.id);
  try {
    return { detail: await getReturnDetail(ctx, id) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound();
    throw error;
  }
}

const note = z.string().trim().max(2000, "Keep it under 2,000 characters.");
const required = (message: string) => z.string({ error: message }).trim().min(1, message).max(2000, "Keep it under 2,000 characters.");
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), note: note.optional() }),
  z.object({ intent: z.literal("deny"), reason: required("Give the reason the shopper will read.").max(1000, "Keep the reason under 1,000 characters."), note: note.optional() }),
  z.object({ intent: z.literal("request_info"), question: required("Write the question for the shopper.") }),
  z.object({ intent: z.literal("mark_received") }),
  z.object({ intent: z.literal("complete"), note: note.optional() }),
  z.object({ intent: z.literal("add_note"), note: required("Write the note.") }),
]);
type Intent = z.infer<typeof ActionSchema>["intent"];

export type DetailActionResult =
  | { ok: true; intent: Intent; message: string }
  | { ok: false; intent: string | null; message: string; fields?: Record<string, string> };

const DONE: Record<Intent, string> = {
  approve: "Return approved",
  deny: "Return denied",
  request_info: "Question sent to the shopper",
  mark_received: "Items marked received",
  complete: "Return completed",
  add_note: "Note added",
};

export async function action({ request, params }: ActionFunctionArgs): Promise<DetailActionResult> {
  const ctx = await authenticateAdmin(request);
  const id = returnId(params.id);
  const form = Object.fromEntries(await request.formData());
  const intent = typeof form.intent === "string" ? form.intent : null;
  // An empty optional note arrives as "" from a form; it means "not given" (only add_note requires one).
  if (intent !== "add_note" && form.note === "") delete form.note;
  const parsed = ActionSchema.safeParse(form);
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    const message = fields.intent ? "That action is not one this page offers." : "Some fields are missing or invalid.";
    return { ok: false, intent, message, fields };
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "approve":
        await approveReturn(ctx, { returnId: id, note: input.note });
        break;
      case "deny":
        await denyReturn(ctx, { returnId: id, reason: input.reason, note: input.note });
        break;
      case "request_info":
        await requestReturnInfo(ctx, { returnId: id, question: input.question });
        break;
      case "mark_received":
        await markReturnReceived(ctx, { returnId: id });
        break;
      case "complete":
        await completeReturn(ctx, { returnId: id, note: input.note });
        break;
      case "add_note":
        await addReturnNote(ctx, { returnId: id, note: input.note });
        break;
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "not_found") throw notFound();
    return { ok: false, intent: input.intent, message: error.message };
  }
  return { ok: true, intent: input.intent, message: DONE[input.intent] };
}

function Heading({ children }: { children: React.ReactNode }) {
  return (
    <Text as="h2" variant="headingMd">
      {children}
    </Text>
  );
}

/** A form that posts one intent, its fields cleared after it succeeds. */
function IntentForm({ intent, children, onDone }: { intent: Intent; children: React.ReactNode; onDone?: () => void }) {
  const result = useActionData<typeof action>();
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

export default function ReturnDetailPage() {
  const { detail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const [question, setQuestion] = useState("");
  const [internalNote, setInternalNote] = useState("");
  const busy = (intent: Intent) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const fieldError = (intent: Intent, field: string) => (result && !result.ok && result.intent === intent ? result.fields?.[field] : undefined);

  const shown = useRef(result);
  useEffect(() => {
    if (result && result !== shown.current && result.ok) toast.show(result.message);
    shown.current = result;
  }, [result, toast]);

  const undecided = detail.status === "pending_triage" || detail.status === "pending_review";
  const completeLabel =
    detail.resolution === "refund"
      ? `Complete and refund ${formatMoney(detail.money.refundEstimate, detail.order.currency)}`
      : detail.resolution === "store_credit"
        ? `Complete and issue ${formatMoney(detail.money.refundEstimate, detail.order.currency)} store credit`
        : "Complete the exchange";
  const photos = detail.evidence.map((file) => ({ id: file.id, src: `/app/returns/${detail.id}/evidence/${file.id}` }));
  const actionError = result && !result.ok && !result.fields ? result.message : null;

  return (
    <Page
      backAction={{ content: "Returns", url: "/app/returns" }}
      title={`Return for ${detail.order.name}`}
      titleMetadata={<ReturnStatusBadge status={detail.status} />}
      subtitle={`Requested ${formatDateTime(detail.createdAt)} by ${detail.customer.name ? `${detail.customer.name} (${detail.customer.email})` : detail.customer.email}`}
    >
      <Layout>
        {actionError ? (
          <Layout.Section>
            <Banner tone="critical" title="That did not work">
              <p>{actionError}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {detail.sync.status === "failed" ? (
          <Layout.Section>
            <Banner tone="warning" title="The store has not been updated yet">
              <p>Mirroring this return to the store failed and will be retried: {detail.sync.error ?? "no detail given"}.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Heading>Items</Heading>
                <Text as="p" tone="subdued">
                  Order {detail.order.name} placed {formatDate(detail.order.processedAt)}
                  {detail.order.deliveredAt ? `, delivered ${formatDate(detail.order.deliveredAt)}` : ", no delivery date"} · order total{" "}
                  {formatMoney(detail.order.total, detail.order.currency)}
                </Text>
                <ScrollableDataTable
                  label="Returned items"
                  columnContentTypes={["text", "numeric", "numeric", "text", "text", "text"]}
                  headings={["Item", "Quantity", "Unit price", "Reason", "Condition", "Note"]}
                  rows={detail.items.map((item) => [
                    [item.title, item.variantTitle, item.sku ? `SKU ${item.sku}` : null].filter(Boolean).join(" · "),
                    item.quantity,
                    formatMoney(item.unitPrice, detail.order.currency),
                    label(REASON_LABELS, item.reason),
                    item.condition ? label(CONDITION_LABELS, item.condition) : "—",
                    item.note ?? "—",
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
            <Card>
              <BlockStack gap="300">
                <Heading>Photos</Heading>
                <EvidenceLightbox photos={photos} orderName={detail.order.name} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Heading>Decision</Heading>
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
                      Decided under <Link url={`/app/policies/${detail.policyVersion}`}>policy version {detail.policyVersion}</Link>
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
            <Card>
              <BlockStack gap="300">
                <Heading>Recommendation</Heading>
                {detail.recommendation ? (
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Badge tone={detail.recommendation.action === "approve" ? "success" : detail.recommendation.action === "deny" ? "critical" : "attention"}>
                        {detail.recommendation.action === "request_info" ? "Ask for more information" : detail.recommendation.action === "approve" ? "Approve" : "Deny"}
                      </Badge>
                      <Text as="span" tone="subdued">
                        {detail.recommendation.source === "model" ? `AI${detail.recommendation.model ? ` (${detail.recommendation.model})` : ""}` : "From the rules"} · confidence{" "}
                        {Math.round(detail.recommendation.confidence * 100)}%
                      </Text>
                    </InlineStack>
                    <Text as="p" breakWord>
                      {detail.recommendation.reasoning}
                    </Text>
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
            <Card>
              <BlockStack gap="300">
                <Heading>Timeline</Heading>
                <ReturnTimeline entries={detail.timeline} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Heading>Actions</Heading>
                {undecided ? (
                  <>
                    <IntentForm intent="approve">
                      <Button submit variant="primary" loading={busy("approve")} fullWidth>
                        Approve
                      </Button>
                    </IntentForm>
                    <IntentForm intent="deny" onDone={() => setReason("")}>
                      <BlockStack gap="200">
                        <TextField label="Reason for denying" helpText="The shopper reads this." name="reason" value={reason} onChange={setReason} multiline={2} autoComplete="off" error={fieldError("deny", "reason")} />
                        <Button submit tone="critical" loading={busy("deny")} fullWidth>
                          Deny
                        </Button>
                      </BlockStack>
                    </IntentForm>
                    <IntentForm intent="request_info" onDone={() => setQuestion("")}>
                      <BlockStack gap="200">
                        <TextField label="Question for the shopper" helpText="Emailed to the shopper; the return stays in review." name="question" value={question} onChange={setQuestion} multiline={2} autoComplete="off" error={fieldError("request_info", "question")} />
                        <Button submit loading={busy("request_info")} fullWidth>
                          Ask for more information
                        </Button>
                      </BlockStack>
                    </IntentForm>
                  </>
                ) : null}
                {detail.status === "approved" && !detail.receivedAt ? (
                  <IntentForm intent="mark_received">
                    <Button submit loading={busy("mark_received")} fullWidth>
                      Mark items received
                    </Button>
                  </IntentForm>
                ) : null}
                {detail.status === "approved" && detail.receivedAt ? (
                  <Text as="p" tone="subdued">
                    Items received {formatDateTime(detail.receivedAt)}.
                  </Text>
                ) : null}
                {detail.status === "approved" ? (
                  <IntentForm intent="complete">
                    <Button submit variant="primary" loading={busy("complete")} fullWidth>
                      {completeLabel}
                    </Button>
                  </IntentForm>
                ) : null}
                {!undecided && detail.status !== "approved" ? (
                  <Text as="p" tone="subdued">
                    This return is {label(STATUS_LABELS, detail.status).toLowerCase()}; nothing more to decide.
                  </Text>
                ) : null}
                <Divider />
                <IntentForm intent="add_note" onDone={() => setInternalNote("")}>
                  <BlockStack gap="200">
                    <TextField label="Internal note" helpText="Only your staff see this." name="note" value={internalNote} onChange={setInternalNote} multiline={2} autoComplete="off" error={fieldError("add_note", "note")} />
                    <Button submit loading={busy("add_note")} fullWidth>
                      Add note
                    </Button>
                  </BlockStack>
                </IntentForm>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Heading>Risk</Heading>
                  <RiskBadge band={detail.risk.band} score={detail.risk.score} showScore />
                </InlineStack>
                <RiskFactorList factors={detail.risk.factors} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Heading>Money</Heading>
                <MoneyLine term="Estimate" amount={detail.money.refundEstimate} currency={detail.order.currency} />
                <MoneyLine term="Restocking fee" amount={detail.money.restockingFee} currency={detail.order.currency} />
                <MoneyLine term="Store credit bonus" amount={detail.money.storeCreditBonus} currency={detail.order.currency} />
                {detail.money.refundedAmount !== null ? <MoneyLine term="Issued" amount={detail.money.refundedAmount} currency={detail.order.currency} /> : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Heading>Customer</Heading>
                <Text as="p" breakWord>
                  {detail.customer.name ? `${detail.customer.name} · ` : ""}
                  {detail.customer.email}
                </Text>
                {detail.history.profile ? (
                  <BlockStack gap="100">
                    <Text as="p">
                      {detail.history.profile.returnCount} {detail.history.profile.returnCount === 1 ? "return" : "returns"} over {detail.history.profile.orderCount}{" "}
                      {detail.history.profile.orderCount === 1 ? "order" : "orders"}, {detail.history.profile.deniedCount} denied
                    </Text>
                    <Text as="p" tone="subdued">
                      Returned value {formatMoney(detail.history.profile.returnedValue, detail.order.currency)} · profile risk {detail.history.profile.riskScore}
                    </Text>
                    {detail.history.profile.flags.length ? (
                      <InlineStack gap="100">
                        {detail.history.profile.flags.map((flag) => (
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
                {detail.history.pastReturns.length ? (
                  <BlockStack as="ul" gap="100">
                    {detail.history.pastReturns.map((past) => (
                      <li key={past.id}>
                        <InlineStack gap="200" blockAlign="center" wrap>
                          <Link url={`/app/returns/${past.id}`}>{past.orderName}</Link>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {formatDate(past.createdAt)} · {formatMoney(past.refundEstimate, past.currency)}
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
            <Card>
              <BlockStack gap="200">
                <Heading>Conversation</Heading>
                {detail.conversationId ? (
                  <Link url={`/app/conversations/${detail.conversationId}`}>Open the conversation about this return</Link>
                ) : (
                  <Text as="p" tone="subdued">
                    No conversation is linked to this return.
                  </Text>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
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

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  // Anything but our 404 (Shopify's session bounces among them) is the app's boundary's to handle.
  if (!missing) return boundary.error(error);
  return (
    <Page backAction={{ content: "Returns", url: "/app/returns" }} title="Return not found">
      <Banner tone="warning">
        <p>There is no such return in this store. It may have been erased, or the link is wrong.</p>
      </Banner>
    </Page>
  );
}
