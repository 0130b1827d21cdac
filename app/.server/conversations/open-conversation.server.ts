import { randomUUID } from "node:crypto";
import { greetShopper } from "../assistant/greet-shopper";
import type { Conversation } from "../db.server";
import { emitAutomationEvent } from "../automation/emit-automation-event";
import type { ChannelKind, InboundIdentity } from "../channels/channel";
import { senderIdentities } from "../contacts/identities";
import { resolveContact } from "../contacts/resolve-contact.server";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";

export type OpenConversationInput = {
  channel: ChannelKind;
  /** Chosen by the caller when it must sign something with it before the row exists (the web chat's token). */
  id?: string;
  customerEmail?: string | null;
  customerName?: string | null;
  customerPhone?: string | null;
  /** Who the channel says the shopper is (`InboundMessage.from.identities`); without them the email and phone count, unverified. */
  identities?: InboundIdentity[];
  locale?: string;
  /** The hash of the bearer token that reopens the conversation (web chat). */
  tokenHash?: string;
};

/**
 * Opens a conversation with a shopper on a channel and gives the assistant's greeting for it. The
 * conversation starts with its contact: the one the sender's identities lead to (app/.server/contacts).
 */
export async function openConversation(ctx: ShopContext, input: OpenConversationInput): Promise<{ conversation: Conversation; greeting: string }> {
  const { shop } = ctx;
  const identities = senderIdentities({ email: input.customerEmail, phone: input.customerPhone, identities: input.identities });
  const { contactId } = await resolveContact(shop.id, identities, { name: input.customerName });
  const conversation = await runInTransaction(async (tx) => {
    const row = await tx.conversation.create({
    data: {
      id: input.id ?? randomUUID(),
      shopId: shop.id,
      channel: input.channel,
      status: "open",
      customerEmail: input.customerEmail ?? null,
      customerName: input.customerName || null,
      customerPhone: identities.find((i) => i.kind === "whatsapp" || i.kind === "phone")?.value ?? null,
      contactId,
      locale: (input.locale ?? shop.locale ?? "en").slice(0, 5),
      tokenHash: input.tokenHash ?? null,
    },
    });
    await emitAutomationEvent(tx, { id: `conversation.created:${row.id}`, type: "conversation.created", shopId: shop.id, conversationId: row.id, channel: row.channel, occurredAt: row.createdAt });
    return row;
  });
  return { conversation, greeting: greetShopper(shop, input.locale) };
}
