import { WEBHOOK_EVENT_TYPES } from "../../components/automation/choices";

export { WEBHOOK_EVENT_TYPES };
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of every delivery: `rule.matched` is sent only to the endpoint a rule's action names. */
export type WebhookPayload = { id: string; type: WebhookEventType | "rule.matched"; createdAt?: string; data: Record<string, unknown> };
