import { z } from "zod";
import { RULE_CHANNELS, type TriggerType } from "./rule-schema";

/**
 * The one shape of an event automation reacts to. Every channel's `receiveMessage`, the
 * conversation commands, the returns engine and the calls emit it (app/.server/automation/
 * emit-automation-event.ts) in the transaction of the change; rules and outgoing webhooks run from
 * it in jobs after that commits. `id` is deterministic, so an event emitted twice is one event.
 */
export const AUTOMATION_EVENT_TYPES = [
  "message.received",
  "conversation.created",
  "conversation.handed_off",
  "conversation.no_reply",
  "conversation.rated",
  "return.created",
  "return.decided",
  "return.high_risk",
  "return.completed",
  "call.ended",
] as const;
export type AutomationEventType = (typeof AUTOMATION_EVENT_TYPES)[number];

/** Rules that caused an event (through their actions): none of them runs again for it. */
export const OriginSchema = z.object({ ruleIds: z.array(z.uuid()).max(20), depth: z.number().int().min(0).max(20) });
export type Origin = z.infer<typeof OriginSchema>;

export const AutomationEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(AUTOMATION_EVENT_TYPES),
  shopId: z.uuid(),
  occurredAt: z.iso.datetime(),
  channel: z.enum(RULE_CHANNELS).optional(),
  conversationId: z.uuid().optional(),
  messageId: z.uuid().optional(),
  returnId: z.uuid().optional(),
  callId: z.uuid().optional(),
  /** `conversation.no_reply`: the one rule whose wait ran out. */
  ruleId: z.uuid().optional(),
  origin: OriginSchema.optional(),
});
export type AutomationEvent = z.infer<typeof AutomationEventSchema>;

/** The trigger an event fires; `return.completed` fires none (it is for outgoing webhooks only). */
export const TRIGGER_OF_EVENT: Record<AutomationEventType, TriggerType | null> = {
  "message.received": "message_received",
  "conversation.created": "conversation_created",
  "conversation.handed_off": "conversation_handed_off",
  "conversation.no_reply": "no_reply",
  "conversation.rated": "satisfaction_rated",
  "return.created": "return_created",
  "return.decided": "return_decided",
  "return.high_risk": "return_high_risk",
  "return.completed": null,
  "call.ended": "call_ended",
};
