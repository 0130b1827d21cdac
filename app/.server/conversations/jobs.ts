import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** Opens a snoozed conversation when its snooze runs out; written by `snoozeConversation` with `runAt` = the snooze's end. */
export const wakeConversationJob = defineJob({
  name: "conversations.wake",
  payload: z.object({ conversationId: z.string().uuid(), snoozedUntil: z.iso.datetime() }),
});

/** `conversations.answer`: the assistant answers a shopper's message on a channel that does not stream replies; written with the message. */
export const answerMessageJob = defineJob({
  name: "conversations.answer",
  payload: z.object({ shopId: z.uuid(), messageId: z.uuid(), clientAddress: z.string().max(100) }),
  maxAttempts: 3,
});

/** `conversations.deliver`: hands a stored reply to its channel (email, WhatsApp); written with the reply, retried while the provider fails. */
export const deliverReplyJob = defineJob({
  name: "conversations.deliver",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid(), messageId: z.uuid() }),
});

// The two jobs below keep their `chat.` names: rows already in the outbox (and BullMQ) carry them.

/** `chat.discard-attachment`: deletes a photo uploaded to a conversation that no message carried within a day. */
export const discardChatAttachmentJob = defineJob({
  name: "chat.discard-attachment",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid(), attachmentId: z.uuid() }),
});

/** `chat.summarize`: refreshes a long conversation's summary, so the assistant sends the summary and recent turns only. */
export const summarizeChatJob = defineJob({
  name: "chat.summarize",
  payload: z.object({ shopId: z.uuid(), conversationId: z.uuid() }),
  maxAttempts: 3,
});
