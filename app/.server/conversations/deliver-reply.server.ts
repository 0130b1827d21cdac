import { getChannel } from "../channels/get-channel.server";
import type { PrismaClient } from "../db.server";

/** Hands a stored reply to its conversation's channel; a channel that fails throws, and the job tries again. */
export async function deliverStoredReply(client: PrismaClient, input: { shopId: string; messageId: string }) {
  const message = await client.message.findFirst({ where: { id: input.messageId, shopId: input.shopId, internal: false }, include: { conversation: { select: { channel: true } } } });
  if (!message) return;
  await getChannel(message.conversation.channel).deliver({ shopId: message.shopId, conversationId: message.conversationId, messageId: message.id, text: message.text });
}
