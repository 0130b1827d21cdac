import { z } from "zod";
import { summarizeConversation } from "../ai/summarize";
import { defineJob, type JobDefinition } from "../jobs/define-job";
import { deleteFile } from "../storage/file-storage.server";
import { pendingAttachments, type PendingAttachment } from "../conversations/pending-attachments.server";

/** `chat.discard-attachment`: deletes a photo uploaded to a chat that no message carried within a day. */
export const discardChatAttachment = defineJob({
  name: "chat.discard-attachment",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid(), attachmentId: z.uuid() }),
  async handler({ shopId, conversationId, attachmentId }, { db }) {
    let dropped: PendingAttachment | undefined;
    await db.$transaction(async (tx) => {
      await pendingAttachments.update(tx, shopId, conversationId, (meta) => {
        dropped = meta.pendingAttachments?.find((a) => a.id === attachmentId);
        return dropped ? { ...meta, pendingAttachments: meta.pendingAttachments!.filter((a) => a.id !== attachmentId) } : meta;
      });
    });
    // Sent with a message (or already gone): the message owns it now.
    if (dropped) await deleteFile(dropped.storageKey, dropped.storage);
  },
});

/** `chat.summarize`: refreshes a long conversation's summary, so the agent sends the summary and recent turns only. */
export const summarizeChat = defineJob({
  name: "chat.summarize",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid() }),
  maxAttempts: 3,
  async handler({ shopId, conversationId }, { db }) {
    await summarizeConversation(db, shopId, conversationId);
  },
});

/** The chat jobs, registered in `jobs/registry.server.ts`. */
export const chatJobs: JobDefinition[] = [discardChatAttachment as JobDefinition, summarizeChat as JobDefinition];
