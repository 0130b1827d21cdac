/**
 * The fixed choices of the automation pages, shared by the server (validation) and the admin's
 * forms, so the two never disagree.
 */

/** Days of the week as business hours name them. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** How far back a draft rule can be tried. */
export const RULE_BACKTEST_DAYS = [7, 30, 90] as const;

/** The events a merchant's endpoint can follow (API.md, "Outgoing webhooks"). */
export const WEBHOOK_EVENT_TYPES = ["return.created", "return.decided", "return.completed", "conversation.created", "conversation.handed_off", "call.ended"] as const;
