import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { AutomationEventSchema } from "./automation-event";

/** `automation.dispatch`: one event's rules (in order, each at most once) and its outgoing webhooks; written with the change that made the event. */
export const dispatchAutomationJob = defineJob({
  name: "automation.dispatch",
  payload: z.object({ event: AutomationEventSchema }),
});

/** `automation.no-reply`: a rule's wait after a shopper's message; when it runs out with no reply from the shop, the rule's event fires. */
export const noReplyCheckJob = defineJob({
  name: "automation.no-reply",
  payload: z.object({ shopId: z.uuid(), ruleId: z.uuid(), conversationId: z.uuid(), messageId: z.uuid() }),
});

/** `automation.backtest`: a draft rule tried over past conversations. */
export const backtestRuleJob = defineJob({
  name: "automation.backtest",
  payload: z.object({ backtestId: z.uuid() }),
  maxAttempts: 3,
});

/** Retries of a webhook delivery start at 30 s and double to an hour; a delivery keeps trying for a day. */
export const WEBHOOK_BACKOFF_MS = 30_000;
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** `webhooks.deliver`: one signed POST of one event to one endpoint, retried with backoff for a day. */
export const deliverWebhookJob = defineJob({
  name: "webhooks.deliver",
  payload: z.object({ deliveryId: z.uuid() }),
  maxAttempts: 40,
  backoffMs: WEBHOOK_BACKOFF_MS,
});
