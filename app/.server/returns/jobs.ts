import { z } from "zod";
import { AutomationEventSchema } from "../automation/automation-event";
import { defineJob } from "../jobs/define-job";

const ReturnPayload = z.object({ returnId: z.string().uuid() });

/** Risk profile, AI (or rules) recommendation for reviews, re-decision once photos arrive, security events. */
export const triageReturnJob = defineJob({
  name: "returns.triage",
  payload: ReturnPayload,
  maxAttempts: 4,
});

/** Mirrors the return's state to its platform (request, approve or decline, process the refund). */
export const syncReturnJob = defineJob({
  name: "returns.sync",
  payload: ReturnPayload,
  maxAttempts: 6,
  backoffMs: 5_000,
});

/** Emails the shopper about a decision or completion, or asks them the merchant's question. */
export const notifyReturnJob = defineJob({
  name: "returns.notify",
  payload: ReturnPayload.extend({
    event: z.enum(["approved", "denied", "completed", "pending_review", "info_requested"]),
    // Only `info_requested` carries a question; its id keys the email so each question is sent once.
    question: z.object({ id: z.string().uuid(), text: z.string().min(1).max(2000) }).optional(),
  }),
  maxAttempts: 5,
  backoffMs: 30_000,
});

/**
 * Everything that follows a new return, in order, as one job: triage, the platform sync, the
 * shopper's email (and WhatsApp message) about a decision made at once, the automation events
 * (rules and outgoing webhooks) and the analytics rollup of its day. Each step is recorded when it
 * finishes, so a retry (a failed step, a worker that died) repeats none that finished; a failing
 * step does not hold back the ones after it.
 */
export const followUpReturnJob = defineJob({
  name: "returns.follow-up",
  payload: ReturnPayload.extend({
    /** The decision to tell the shopper about, when the rules decided at once. */
    notify: z.enum(["approved", "denied"]).optional(),
    /** The return's automation events, dispatched in this order. */
    events: z.array(AutomationEventSchema).max(5).default([]),
    /** When the return was requested: the analytics day to roll up. */
    requestedAt: z.iso.datetime(),
  }),
  maxAttempts: 6,
  backoffMs: 5_000,
});

/** The steps of `returns.follow-up`, in the order they run; each event's dispatch is `event:<id>`. */
export const FOLLOW_UP_STEPS = ["triage", "sync", "notify"] as const;

/** How often the triage sweep runs once started. */
export const TRIAGE_SWEEP_EVERY_MS = 2 * 60 * 1000;

/**
 * Every two minutes: queues triage again for returns that have waited for it longer than a few
 * minutes (a lost or failed job), then queues its next run (one per slot, whoever queues it first).
 */
export const sweepTriageJob = defineJob({
  name: "returns.triage-sweep",
  payload: z.object({ slot: z.number().int().min(0) }),
  maxAttempts: 3,
});
