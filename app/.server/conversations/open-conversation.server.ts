import { randomUUID } from "node:crypto";
import { greetShopper } from "../assistant/greet-shopper";
import type { Conversation } from "../db.server";
import { emitAutomationEvent } from "../automation/emit-automation-event";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ChannelKind } from "../channels/channel";
import type { ShopContext } from "../shops/shop-context";

export type OpenConversationInput = {
  channel: ChannelKind;
  /** Chosen by the caller when it must sign something with it before the row exists (the web chat's token). */
  id?: string;
  customerEmail?: string | null;
  customerName?: string | null;
  locale?: string;
  /** The hash of the bearer token that reopens the conversation (web chat). */
  tokenHash?: string;
};

/** Opens a conversation with a shopper on a channel and gives the assistant's greeting for it. */
export async function openConversation(ctx: ShopContext, input: OpenConversationInput): Promise<{ conversation: Conversation; greeting: string }> {
  const { shop } = ctx;
  const conversation = await runInTransaction(async (tx) => {
    const row = await tx.conversation.create({
    data: {
      id: input.id ?? randomUUID(),
      shopId: shop.id,
      channel: input.channel,
      status: "open",
      customerEmail: input.customerEmail ?? null,
      customerName: input.customerName || null,
      locale: (input.locale ?? shop.locale ?? "en").slice(0, 5),
      tokenHash: input.tokenHash ?? null,
    },
    });
    await emitAutomationEvent(tx, { id: `conversation.created:${row.id}`, type: "conversation.created", shopId: shop.id, conversationId: row.id, channel: row.channel, occurredAt: row.createdAt });
    return row;
  });
  return { conversation, greeting: greetShopper(shop, input.locale) };
}
