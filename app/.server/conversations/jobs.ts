import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** Opens a snoozed conversation when its snooze runs out; written by `snoozeConversation` with `runAt` = the snooze's end. */
export const wakeConversationJob = defineJob({
  name: "conversations.wake",
  payload: z.object({ conversationId: z.string().uuid(), snoozedUntil: z.iso.datetime() }),
});
