import { z } from "zod";
import { defineJob, type JobDefinition } from "../jobs/define-job";
import { answerMessageJob } from "./answer-stored-message.server";
import { deliverReplyJob } from "./deliver-reply.server";
import { wakeSnoozedConversation } from "./wake-snoozed-conversation.server";

/** Opens a snoozed conversation when its snooze runs out; written by `snoozeConversation` with `runAt` = the snooze's end. */
export const wakeConversationJob = defineJob({
  name: "conversations.wake",
  payload: z.object({ conversationId: z.string().uuid(), snoozedUntil: z.iso.datetime() }),
  async handler(payload, { db }) {
    await wakeSnoozedConversation(db, { conversationId: payload.conversationId, snoozedUntil: new Date(payload.snoozedUntil) });
  },
});

/** The inbox jobs, registered in `jobs/registry.server.ts`. */
export const conversationJobs: JobDefinition[] = [wakeConversationJob as JobDefinition, answerMessageJob as JobDefinition, deliverReplyJob as JobDefinition];
