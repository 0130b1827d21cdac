import { summarizeConversation } from "../ai/agent/summarize";
import type { JobHandler } from "../jobs/runtime-types";
import { deleteFile } from "../storage/file-storage.server";
import { updateChatMetadata, type PendingAttachment } from "./chat-metadata.server";
import type { discardChatAttachmentJob, summarizeChatJob } from "./jobs";

/** Runs `chat.discard-attachment`. */
export const handleDiscardChatAttachment: JobHandler<typeof discardChatAttachmentJob.payload> = async ({ shopId, conversationId, attachmentId }, { db }) => {
  let dropped: PendingAttachment | undefined;
  await db.$transaction(async (tx) => {
    await updateChatMetadata(tx, shopId, conversationId, (meta) => {
      dropped = meta.pendingAttachments?.find((a) => a.id === attachmentId);
      return dropped ? { ...meta, pendingAttachments: meta.pendingAttachments!.filter((a) => a.id !== attachmentId) } : meta;
    });
  });
  // Sent with a message (or already gone): the message owns it now.
  if (dropped) await deleteFile(dropped.storageKey, dropped.storage);
};

/** Runs `chat.summarize`. */
export const handleSummarizeChat: JobHandler<typeof summarizeChatJob.payload> = async ({ shopId, conversationId }, { db }) => {
  await summarizeConversation(db, shopId, conversationId);
};
