import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** `chat.discard-attachment`: deletes a photo uploaded to a chat that no message carried within a day. */
export const discardChatAttachmentJob = defineJob({
  name: "chat.discard-attachment",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid(), attachmentId: z.uuid() }),
});

/** `chat.summarize`: refreshes a long conversation's summary, so the agent sends the summary and recent turns only. */
export const summarizeChatJob = defineJob({
  name: "chat.summarize",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid() }),
  maxAttempts: 3,
});
