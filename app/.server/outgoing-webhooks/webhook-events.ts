/** The events a merchant's endpoint can follow (API.md, "Outgoing webhooks"). */
export const WEBHOOK_EVENT_TYPES = ["return.created", "return.decided", "return.completed", "conversation.created", "conversation.handed_off", "call.ended"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The body of every delivery: `rule.matched` is sent only to the endpoint a rule's action names. */
export type WebhookPayload = { id: string; type: WebhookEventType | "rule.matched"; createdAt?: string; data: Record<string, unknown> };
