import { summarizeConversation } from "../ai/summarize";
import type { JobHandler } from "../jobs/runtime-types";
import { deleteFile } from "../storage/file-storage.server";
import { answerStoredMessage } from "./answer-stored-message.server";
import { deliverStoredReply } from "./deliver-reply.server";
import type { answerMessageJob, deliverReplyJob, discardChatAttachmentJob, summarizeChatJob, wakeConversationJob } from "./jobs";
import { pendingAttachments, type PendingAttachment } from "./pending-attachments.server";
import { wakeSnoozedConversation } from "./wake-snoozed-conversation.server";

/** Runs `conversations.wake`. */
export const handleWakeConversation: JobHandler<typeof wakeConversationJob.payload> = async (payload, { db }) => {
  await wakeSnoozedConversation(db, { conversationId: payload.conversationId, snoozedUntil: new Date(payload.snoozedUntil) });
};

/** Runs `conversations.answer`. */
export const handleAnswerMessage: JobHandler<typeof answerMessageJob.payload> = async (payload, { db }) => {
  await answerStoredMessage(db, payload);
};

/** Runs `conversations.deliver`. */
export const handleDeliverReply: JobHandler<typeof deliverReplyJob.payload> = async (payload, { db }) => {
  await deliverStoredReply(db, payload);
};

/** Runs `chat.discard-attachment`. */
export const handleDiscardChatAttachment: JobHandler<typeof discardChatAttachmentJob.payload> = async ({ shopId, conversationId, attachmentId }, { db }) => {
  let dropped: PendingAttachment | undefined;
  await db.$transaction(async (tx) => {
    await pendingAttachments.update(tx, shopId, conversationId, (meta) => {
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
