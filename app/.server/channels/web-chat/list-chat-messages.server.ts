import { db, type Conversation } from "../../db.server";
import { toMessageView, type MessageView } from "./message-view";

/** The most a history answer carries: the newest messages of a very long conversation. */
export const MAX_HISTORY = 500;

/** `GET /proxy/chat/sessions/{id}/messages`: the conversation as the shopper sees it, oldest first; internal notes never. */
export async function listChatMessages(conversation: Pick<Conversation, "id" | "shopId">, attachmentUrl: (id: string) => string): Promise<MessageView[]> {
  const rows = await db().message.findMany({
    where: { conversationId: conversation.id, shopId: conversation.shopId, internal: false },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_HISTORY,
    include: { attachments: { select: { id: true }, orderBy: { createdAt: "asc" } } },
  });
  return rows.reverse().map((row) => toMessageView(row, attachmentUrl));
}
