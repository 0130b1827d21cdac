import { listSavedReplies, renderSavedReply } from "../.server/automation/saved-replies.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { addConversationNote } from "../.server/conversations/add-conversation-note.server";
import { assignConversation } from "../.server/conversations/assign-conversation.server";
import { closeConversation } from "../.server/conversations/close-conversation.server";
import { conversationIntentSchema, type ConversationIntent } from "../.server/conversations/conversation-intents";
import { getConversation } from "../.server/conversations/get-conversation.server";
import { contactCardFor } from "../.server/contacts/admin-contacts.server";
import { ContactCard } from "../components/contacts/ContactCard";
import { handBackConversation } from "../.server/conversations/hand-back-conversation.server";
import { markConversationRead } from "../.server/conversations/mark-conversation-read.server";
import { reopenConversation } from "../.server/conversations/reopen-conversation.server";
import { replyToConversation } from "../.server/conversations/reply-to-conversation.server";
import { snoozeConversation } from "../.server/conversations/snooze-conversation.server";
import { takeOverConversation } from "../.server/conversations/take-over-conversation.server";
import { unsnoozeConversation } from "../.server/conversations/unsnooze-conversation.server";
import { orNotFound } from "../.server/http/not-found.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import type { MerchantContext } from "../.server/shops/shop-context";
import { ConversationActions, Composer } from "../components/conversations/ConversationActions";
import { ChannelBadge, HandlerBadge, StatusBadge } from "../components/conversations/ConversationBadges";
import { CustomerPanel, MetricsPanel } from "../components/conversations/CustomerPanel";
import { Transcript } from "../components/conversations/Transcript";
import { label } from "../components/conversations/format";
import { useLiveRevalidation } from "../components/conversations/use-live-revalidation";
import { useToast } from "../components/toast";
import { WhatsAppWindow } from "../components/conversations/WhatsAppWindow";
import { whatsAppPanel } from "../.server/channels/whatsapp/whatsapp-panel.server";
import { conversationCalls } from "../.server/call-admin/call-records.server";
import { CallTimeline } from "../components/calls/CallTimeline";

const NO_SUCH_CONVERSATION = "No such conversation.";

export const meta: MetaFunction = () => [{ title: "Conversation · Dokani" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const detail = await orNotFound(async () => {
    // Opening the conversation is reading it.
    await markConversationRead(ctx, { conversationId: params.id ?? "" });
    return getConversation(ctx, params.id ?? "");
  }, NO_SUCH_CONVERSATION);
  const whatsapp = detail.conversation.channel === "whatsapp" ? await whatsAppPanel(ctx.shop.id, detail.conversation.id) : null;
  const contact = await contactCardFor(ctx.shop.id, { conversationId: detail.conversation.id });
  const calls = await conversationCalls(ctx.shop.id, detail.conversation.id);
  // Saved replies come filled for this conversation, so the composer inserts them as they will be sent.
  const savedReplies = await Promise.all((await listSavedReplies(ctx)).map(async (r) => ({ id: r.id, name: r.name, text: await renderSavedReply(ctx, { id: r.id, conversationId: detail.conversation.id }) })));
  return { ...detail, whatsapp, contact, staffId: ctx.actor.id, live: ctx.demo ? ("stream" as const) : ("poll" as const), savedReplies, calls };
}

const SUCCESS: Record<ConversationIntent["intent"], string> = {
  reply: "Reply sent",
  note: "Note added",
  take_over: "You took over from the AI",
  hand_back: "Handed back to the AI",
  assign: "Assignment updated",
  snooze: "Conversation snoozed",
  unsnooze: "Conversation unsnoozed",
  close: "Conversation closed",
  reopen: "Conversation reopened",
  whatsapp_template: "Template sent",
};

function run(ctx: MerchantContext, conversationId: string, intent: ConversationIntent) {
  switch (intent.intent) {
    case "reply":
      return replyToConversation(ctx, { conversationId, text: intent.text });
    case "note":
      return addConversationNote(ctx, { conversationId, text: intent.text });
    case "take_over":
      return takeOverConversation(ctx, { conversationId });
    case "hand_back":
      return handBackConversation(ctx, { conversationId });
    case "assign":
      return assignConversation(ctx, { conversationId, to: intent.to === "me" ? "me" : null });
    case "snooze":
      return snoozeConversation(ctx, { conversationId, until: intent.until });
    case "unsnooze":
      return unsnoozeConversation(ctx, { conversationId });
    case "close":
      return closeConversation(ctx, { conversationId, askSatisfaction: intent.askSatisfaction });
    case "reopen":
      return reopenConversation(ctx, { conversationId });
    case "whatsapp_template":
      return replyToConversation(ctx, { conversationId, template: intent.template, variables: intent.variables });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const id = params.id ?? "";
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    conversationIntentSchema,
    async (input) => {
      await run(ctx, id, input);
      return { message: SUCCESS[input.intent], at: Date.now() };
    },
    {
      notFound: NO_SUCH_CONVERSATION,
      // An unknown conversation answers 404 before a malformed form is explained.
      exists: () => getConversation(ctx, id),
      invalid: (error) => error.issues[0]?.message ?? "That action could not be read.",
    },
  );
}

export default function ConversationPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { show } = useToast();
  const { conversation } = data;
  useLiveRevalidation(`/app/conversations/${conversation.id}/events`, data.live);
  useEffect(() => {
    if (result?.ok) show(result.message);
  }, [result, show]);
  const customer = conversation.customerName ?? conversation.customerEmail ?? "Anonymous shopper";
  const error = result && !result.ok ? result : null;
  const textError = error && (error.intent === "reply" || error.intent === "note") ? (error.fields?.text ?? undefined) : undefined;
  const untilError = error && error.intent === "snooze" ? (error.fields?.until ?? error.error) : undefined;
  return (
    <Page
      backAction={{ content: "Conversations", url: "/app/conversations" }}
      title={customer}
      subtitle={conversation.subject ?? `${label(conversation.channel)} conversation`}
      titleMetadata={
        <InlineStack gap="200">
          <ChannelBadge channel={conversation.channel} />
          <StatusBadge status={conversation.status} />
          <HandlerBadge aiActive={conversation.aiActive} />
        </InlineStack>
      }
    >
      <Layout>
        {error ? (
          <Layout.Section>
            <Banner tone="critical" title="That did not work">
              <p>{error.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            {conversation.summary ? (
              <Card>
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Summary
                  </Text>
                  <Text as="p">{conversation.summary}</Text>
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Transcript
                </Text>
                {data.olderMessages > 0 ? (
                  <Text as="p" tone="subdued">{`${data.olderMessages} earlier messages are not shown.`}</Text>
                ) : null}
                <Transcript messages={data.messages} customer={customer} />
              </BlockStack>
            </Card>
            <CallTimeline calls={data.calls} />
            {data.whatsapp ? (
              <WhatsAppWindow
                key={result?.ok && result.intent === "whatsapp_template" ? result.at : "whatsapp"}
                data={data.whatsapp}
                closed={conversation.status === "closed"}
                fieldError={error && error.intent === "whatsapp_template" ? error.error : undefined}
              />
            ) : null}
            <Composer key={result?.ok && (result.intent === "reply" || result.intent === "note") ? result.at : "composer"} closed={conversation.status === "closed"} fieldError={textError} channel={conversation.channel} recipient={conversation.customerEmail} savedReplies={data.savedReplies} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ConversationActions conversation={conversation} staffId={data.staffId} fieldError={untilError} />
            <MetricsPanel metrics={data.metrics} />
            <ContactCard contact={data.contact} />
            <CustomerPanel
              customer={{ name: conversation.customerName, email: conversation.customerEmail, phone: conversation.customerPhone, verifiedOrders: conversation.verifiedOrders }}
              returns={data.returns}
              risk={data.risk}
            />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page backAction={{ content: "Conversations", url: "/app/conversations" }} title={missing ? "Conversation not found" : "Something went wrong"}>
      <Banner tone={missing ? "warning" : "critical"} title={missing ? "There is no such conversation in this store" : "The conversation could not be shown"}>
        <p>{missing ? "It may have been deleted, or the link is wrong." : "Please reload the page in a moment."}</p>
      </Banner>
    </Page>
  );
}
