import { db, type Conversation } from "../../db.server";
import { AppError } from "../../errors";
import { getFile } from "../../storage/file-storage.server";
import { pendingAttachments } from "../../conversations/pending-attachments.server";

/** A photo of this conversation (sent with a message, or uploaded and waiting): its bytes and type; 404 for anything else. */
export async function getChatAttachment(conversation: Pick<Conversation, "id" | "shopId" | "metadata">, attachmentId: string) {
  const sent = await db().evidenceFile.findFirst({
    where: { id: attachmentId, shopId: conversation.shopId, message: { conversationId: conversation.id } },
    select: { storage: true, storageKey: true, mimeType: true },
  });
  const pending = sent ? null : pendingAttachments.read(conversation.metadata).pendingAttachments?.find((a) => a.id === attachmentId);
  const file = sent ?? pending;
  if (!file) throw new AppError("not_found", "No such photo.");
  return { bytes: await getFile(file.storageKey, file.storage), mimeType: file.mimeType };
}
