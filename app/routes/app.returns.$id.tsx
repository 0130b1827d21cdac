import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Box, Layout, Page } from "@shopify/polaris";
import { phoneCallTarget } from "../.server/call-admin/call-records.server";
import { CallShopperCard } from "../components/calls/CallShopperCard";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { idOrNotFound, orNotFound } from "../.server/http/not-found.server";
import { runIntent } from "../.server/http/run-intent.server";
import { addReturnNote } from "../.server/returns/add-return-note.server";
import { approveReturn } from "../.server/returns/approve-return.server";
import { CompleteReturnRequestSchema } from "../.server/api/schemas";
import { AppError, validationError } from "../.server/errors";
import { completeReturn, type CompleteReturnInput } from "../.server/returns/complete-return.server";
import { denyReturn } from "../.server/returns/deny-return.server";
import { getReturnDetail } from "../.server/returns/get-return-detail.server";
import { contactCardFor } from "../.server/contacts/admin-contacts.server";
import { ContactCard } from "../components/contacts/ContactCard";
import { markReturnReceived } from "../.server/returns/mark-return-received.server";
import { requestReturnInfo } from "../.server/returns/request-return-info.server";
import { rerunTriage } from "../.server/returns/rerun-triage.server";
import { changeExchangeReplacement } from "../.server/returns/change-exchange-replacement.server";
import { findShopReturn, rulesOfReturn } from "../.server/returns/exchange-edit-support.server";
import { getExchangeAvailability } from "../.server/returns/get-exchange-availability.server";
import { turnExchangeIntoCredit } from "../.server/returns/turn-exchange-into-credit.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import type { ActionResult } from "../components/action-result";
import { formatDateTime, formatMoney } from "../components/returns/labels";
import { ReturnActionsCard } from "../components/returns/ReturnActionsCard";
import { ReturnConversationCard } from "../components/returns/ReturnConversationCard";
import { ReturnCustomerCard } from "../components/returns/ReturnCustomerCard";
import { ReturnDecisionCard } from "../components/returns/ReturnDecisionCard";
import { ReturnExchangeCard } from "../components/returns/ReturnExchangeCard";
import { ReturnItemsCard } from "../components/returns/ReturnItemsCard";
import { ReturnMoneyCard } from "../components/returns/ReturnMoneyCard";
import { ReturnPhotosCard } from "../components/returns/ReturnPhotosCard";
import { ReturnRecommendationCard } from "../components/returns/ReturnRecommendationCard";
import { ReturnRiskCard } from "../components/returns/ReturnRiskCard";
import { ReturnStatusBadge } from "../components/returns/ReturnStatusBadge";
import { ReturnTimelineCard } from "../components/returns/ReturnTimelineCard";
import { useToast } from "../components/toast";
import { useShopTimeZone } from "../components/shop-time";

const NO_SUCH_RETURN = "No such return.";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Return ${data.detail.order.name} · Dokani` : "Return · Dokani" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = idOrNotFound(params.id, NO_SUCH_RETURN);
  const [detail, contact] = await Promise.all([orNotFound(getReturnDetail(ctx, id), NO_SUCH_RETURN), contactCardFor(ctx.shop.id, { returnId: id })]);
  // The exchange's replacements with live stock, read from the platform only for an exchange.
  const readExchange = async () => {
    if (detail.resolution !== "exchange") return { exchange: null, bonusPercent: 0 };
    const row = await findShopReturn(ctx.shop.id, id);
    const [exchange, bonusPercent] = await Promise.all([getExchangeAvailability(ctx, row), rulesOfReturn(row).then((rules) => rules.storeCreditBonusPercent)]);
    return { exchange, bonusPercent };
  };
  const [{ exchange, bonusPercent }, phoneCall] = await Promise.all([readExchange(), phoneCallTarget(ctx, { returnId: id })]);
  return { detail, contact, exchange, bonusPercent, phoneCall };
}

const note = z.string().trim().max(2000, "Keep it under 2,000 characters.");
const required = (message: string) => z.string({ error: message }).trim().min(1, message).max(2000, "Keep it under 2,000 characters.");
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), note: note.optional() }),
  z.object({ intent: z.literal("deny"), reason: required("Give the reason the shopper will read.").max(1000, "Keep the reason under 1,000 characters."), note: note.optional() }),
  z.object({ intent: z.literal("request_info"), question: required("Write the question for the shopper.") }),
  z.object({ intent: z.literal("mark_received") }),
  z.object({
    intent: z.literal("complete"),
    note: note.optional(),
    /** The review as the page built it: `{resolution, lines: [{lineItemId, quantity, amount, restock}]}` as JSON. */
    review: z.string().max(50_000).optional(),
    /** The amount the merchant confirmed; the review must come to exactly this. */
    confirmedAmount: z.string({ error: "Confirm the amount to refund." }).regex(/^\d+\.\d{2}$/, "Confirm the amount to refund."),
  }),
  z.object({ intent: z.literal("add_note"), note: required("Write the note.") }),
  z.object({ intent: z.literal("retriage") }),
  z.object({
    intent: z.literal("change_replacement"),
    lineItemId: z.string({ error: "Choose the item." }).trim().min(1, "Choose the item.").max(64),
    variantId: z.string({ error: "Choose a variant in stock." }).trim().min(1, "Choose a variant in stock.").max(255),
  }),
  z.object({ intent: z.literal("exchange_to_credit") }),
]);
type Intent = z.infer<typeof ActionSchema>["intent"];

export type DetailActionResult = ActionResult<Intent>;

const DONE: Record<Intent, string> = {
  approve: "Return approved",
  deny: "Return denied",
  request_info: "Question sent to the shopper",
  mark_received: "Items marked received",
  complete: "Return completed",
  add_note: "Note added",
  retriage: "Triage ran again",
  change_replacement: "Replacement changed",
  exchange_to_credit: "Exchange turned into store credit",
};

/** The review JSON the page posts, checked like the API's body; a malformed one is a field error. */
function parseReview(text: string | undefined): Pick<CompleteReturnInput, "resolution" | "lines"> {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The refund review could not be read. Reload the page and review again.");
  }
  const parsed = CompleteReturnRequestSchema.pick({ resolution: true, lines: true }).safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export async function action({ request, params }: ActionFunctionArgs): Promise<DetailActionResult> {
  const ctx = await authenticateAdmin(request);
  const id = idOrNotFound(params.id, NO_SUCH_RETURN);
  const form = Object.fromEntries(await request.formData());
  // An empty optional note arrives as "" from a form; it means "not given" (only add_note requires one).
  if (form.intent !== "add_note" && form.note === "") delete form.note;
  return runIntent(
    form,
    ActionSchema,
    async (input) => {
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
        case "complete": {
          const review = parseReview(input.review);
          const done = await completeReturn(ctx, { returnId: id, note: input.note, ...review, confirmedAmount: input.confirmedAmount });
          return { message: `Return completed: ${formatMoney(done.refundedAmount!.toFixed(2), done.currency)} ${done.resolution === "store_credit" ? "store credit issued" : done.resolution === "exchange" ? "exchange recorded" : "refunded"}` };
        }
        case "add_note":
          await addReturnNote(ctx, { returnId: id, note: input.note });
          break;
        case "change_replacement":
          await changeExchangeReplacement(ctx, { returnId: id, lineItemId: input.lineItemId, exchangeFor: { variantId: input.variantId } });
          break;
        case "exchange_to_credit":
          await turnExchangeIntoCredit(ctx, { returnId: id });
          break;
        case "retriage":
          // The result is the message: what triage decided or recommends this time.
          return { message: (await rerunTriage(ctx, { returnId: id })).message };
      }
      return { message: DONE[input.intent] };
    },
    { notFound: NO_SUCH_RETURN },
  );
}

export default function ReturnDetailPage() {
  const timeZone = useShopTimeZone();
  const { detail, contact, exchange, bonusPercent, phoneCall } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const toast = useToast();

  const shown = useRef(result);
  useEffect(() => {
    if (result && result !== shown.current && result.ok) toast.show(result.message);
    shown.current = result;
  }, [result, toast]);

  const actionError = result && !result.ok && !result.fields ? result.error : null;

  return (
    <Page
      backAction={{ content: "Returns", url: "/app/returns" }}
      title={`Return for ${detail.order.name}`}
      titleMetadata={<ReturnStatusBadge status={detail.status} />}
      subtitle={`Requested ${formatDateTime(detail.createdAt, timeZone)} by ${detail.customer.name ? `${detail.customer.name} (${detail.customer.email})` : detail.customer.email}`}
    >
      <Layout>
        {actionError ? (
          <Layout.Section>
            <Banner tone="critical" title="That did not work">
              <p>{actionError}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {result && result.ok && result.intent === "retriage" ? (
          <Layout.Section>
            <Banner tone="info" title={result.message} />
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
            <ReturnItemsCard detail={detail} />
            {exchange ? <ReturnExchangeCard exchange={exchange} currency={detail.order.currency} bonusPercent={bonusPercent} result={result} /> : null}
            <ReturnPhotosCard detail={detail} />
            <ReturnDecisionCard detail={detail} />
            <ReturnRecommendationCard recommendation={detail.recommendation} />
            <ReturnTimelineCard timeline={detail.timeline} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ReturnActionsCard detail={detail} result={result} />
            <ReturnRiskCard risk={detail.risk} />
            <ReturnMoneyCard money={detail.money} currency={detail.order.currency} />
            <ReturnCustomerCard detail={detail} />
            <ContactCard contact={contact} />
            <CallShopperCard target={phoneCall} defaultPurpose={`An update on your return for order ${detail.order.name}`} />
            <ReturnConversationCard conversationId={detail.conversationId} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
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
