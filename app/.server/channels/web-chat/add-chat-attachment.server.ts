import { createHash, randomUUID } from "node:crypto";
import { db, type Conversation } from "../../db.server";
import { AppError } from "../../errors";
import { enqueueJob, runInTransaction } from "../../jobs/enqueue-job";
import { deleteFile, putFile } from "../../storage/file-storage.server";
import { EXTENSIONS, sniffImageType } from "../../storage/sniff-image-type";
import { discardChatAttachmentJob } from "../../conversations/jobs";
import { pendingAttachments } from "../../conversations/pending-attachments.server";
import { consumeChatAllowance } from "./chat-limiter.server";

/** The largest photo a shopper can send: the bound on return evidence, so a chat photo can become evidence. */
export const MAX_CHAT_PHOTO_BYTES = 10 * 1024 * 1024;
/** Photos uploaded but not yet sent with a message; a message can carry four. */
export const MAX_PENDING_ATTACHMENTS = 8;
/** A photo never sent with a message is deleted after this long. */
export const PENDING_ATTACHMENT_TTL_MS = 24 * 3600 * 1000;

/**
 * `POST /proxy/chat/sessions/{id}/attachments`: keeps one photo for the shopper's next message.
 * The type comes from the bytes (JPEG, PNG, WebP or HEIC, at most 10 MB, like return evidence).
 * Until a message carries it the photo waits in the conversation's metadata (an `evidence_files`
 * row must belong to a message or a return), and a job deletes it if no message ever does.
 */
export async function addChatAttachment(conversation: Pick<Conversation, "id" | "shopId">, file: { bytes: Uint8Array }, options: { clientAddress: string }) {
  if (file.bytes.byteLength === 0) throw new AppError("invalid_request", "The file is empty.", { fields: { file: "is empty" } });
  if (file.bytes.byteLength > MAX_CHAT_PHOTO_BYTES) throw new AppError("file_too_large", "Photos can be at most 10 MB.");
  const type = sniffImageType(file.bytes);
  if (!type) throw new AppError("unsupported_media_type", "Send a photo as a JPEG, PNG, WebP or HEIC file.");
  const current = await db().conversation.findFirst({ where: { id: conversation.id, shopId: conversation.shopId }, select: { metadata: true } });
  if ((pendingAttachments.read(current?.metadata).pendingAttachments?.length ?? 0) >= MAX_PENDING_ATTACHMENTS) {
    throw new AppError("conflict", `Send the photos you added with a message first (at most ${MAX_PENDING_ATTACHMENTS} can wait).`);
  }
  await consumeChatAllowance("upload", { shopId: conversation.shopId, sessionId: conversation.id, clientAddress: options.clientAddress });

  const id = randomUUID();
  const stored = await putFile(conversation.shopId, `${id}.${EXTENSIONS[type]}`, file.bytes, type);
  try {
    await runInTransaction(async (tx) => {
      await pendingAttachments.update(tx, conversation.shopId, conversation.id, (meta) => {
        const pending = meta.pendingAttachments ?? [];
        if (pending.length >= MAX_PENDING_ATTACHMENTS) throw new AppError("conflict", `Send the photos you added with a message first (at most ${MAX_PENDING_ATTACHMENTS} can wait).`);
        const entry = {
          id,
          storage: stored.storage,
          storageKey: stored.key,
          mimeType: type,
          byteSize: file.bytes.byteLength,
          sha256: createHash("sha256").update(file.bytes).digest("hex"),
          uploadedAt: new Date().toISOString(),
        };
        return { ...meta, pendingAttachments: [...pending, entry] };
      });
      await enqueueJob(tx, discardChatAttachmentJob, { shopId: conversation.shopId, conversationId: conversation.id, attachmentId: id }, {
        shopId: conversation.shopId,
        dedupKey: `chat.discard-attachment:${id}`,
        runAt: new Date(Date.now() + PENDING_ATTACHMENT_TTL_MS),
      });
    });
  } catch (error) {
    // Nothing refers to the bytes: they must not linger.
    await deleteFile(stored.key, stored.storage);
    throw error;
  }
  return { id };
}
