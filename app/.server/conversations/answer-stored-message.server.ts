import type { PrismaClient } from "../db.server";
import { answerMessage, type AnswerOptions } from "./answer-message.server";
import { systemContext } from "../shops/shop-context";

/**
 * The assistant's job on a channel answered through the outbox: answers a stored shopper message
 * once. A message already answered (a reply came after it) or gone is left alone, so a retried job
 * never answers twice; a failure throws, so the job is tried again.
 */
export async function answerStoredMessage(client: PrismaClient, input: { shopId: string; messageId: string; clientAddress: string }, options: AnswerOptions = {}) {
  const message = await client.message.findFirst({ where: { id: input.messageId, shopId: input.shopId, role: "customer" }, include: { conversation: { include: { shop: true } } } });
  if (!message) return;
  const { conversation } = message;
  const { shop, ...rest } = conversation;
  const later = await client.message.count({ where: { conversationId: conversation.id, shopId: input.shopId, internal: false, role: { in: ["ai", "system"] }, createdAt: { gt: message.createdAt } } });
  if (later) return;
  const earlier = await client.message.findMany({
    where: { conversationId: conversation.id, shopId: input.shopId, internal: false, OR: [{ createdAt: { lt: message.createdAt } }, { createdAt: message.createdAt, id: { lt: message.id } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { role: true, text: true, authorName: true },
  });
  await answerMessage(systemContext(shop), { message, conversation: rest, earlier, clientAddress: input.clientAddress }, { ...options, rethrow: true });
}
