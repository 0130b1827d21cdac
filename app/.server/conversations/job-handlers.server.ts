import type { JobHandler } from "../jobs/runtime-types";
import type { wakeConversationJob } from "./jobs";
import { wakeSnoozedConversation } from "./wake-snoozed-conversation.server";

/** Runs `conversations.wake`. */
export const handleWakeConversation: JobHandler<typeof wakeConversationJob.payload> = async (payload, { db }) => {
  await wakeSnoozedConversation(db, { conversationId: payload.conversationId, snoozedUntil: new Date(payload.snoozedUntil) });
};
