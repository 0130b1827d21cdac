import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** A call event as a job carries it (dates as ISO strings). */
export const CallEventPayload = z.discriminatedUnion("type", [
  z.object({ type: z.literal("joined"), at: z.iso.datetime() }),
  z.object({ type: z.literal("ended"), at: z.iso.datetime(), reason: z.string().max(200).nullable(), failed: z.boolean(), durationSeconds: z.number().int().min(0).optional() }),
  z.object({
    type: z.literal("transcript"),
    lines: z.array(z.object({ speaker: z.enum(["customer", "ai", "agent"]), text: z.string().max(20_000), startMs: z.number().int().nullable(), endMs: z.number().int().nullable() })).max(5000),
  }),
  z.object({ type: z.literal("recording"), url: z.string().max(2000), durationSeconds: z.number().int().min(0).optional() }),
  z.object({ type: z.literal("analysis"), summary: z.string().max(20_000).optional(), outcome: z.enum(["successful", "unsuccessful", "unknown"]).optional(), perception: z.string().max(10_000).optional() }),
]);

/** `calls.record-event`: applies what a provider webhook said to its call; written when the webhook is received (deduplicated by provider, conversation and event type). */
export const recordCallEventJob = defineJob({
  name: "calls.record-event",
  payload: z.object({ shopId: z.uuid(), callId: z.uuid(), eventType: z.string().max(100), events: z.array(CallEventPayload).max(20) }),
  maxAttempts: 8,
});

/** `calls.reconcile`: asks the provider about a call no webhook finished, some minutes after its maximum duration. */
export const reconcileCallJob = defineJob({
  name: "calls.reconcile",
  payload: z.object({ shopId: z.uuid(), callId: z.uuid(), attempt: z.number().int().min(1).max(10).default(1) }),
  maxAttempts: 5,
  backoffMs: 30_000,
});

/** `calls.sync-agents`: brings the shop's voice agent and video persona up to date after its assistant settings or active policy changed. */
export const syncCallAgentsJob = defineJob({
  name: "calls.sync-agents",
  payload: z.object({ shopId: z.uuid() }),
  maxAttempts: 5,
  backoffMs: 10_000,
});

/** `calls.forget-provider-data`: deletes redacted calls' conversations (transcripts, recordings) at their providers. */
export const forgetCallProviderDataJob = defineJob({
  name: "calls.forget-provider-data",
  payload: z.object({ shopId: z.uuid(), calls: z.array(z.object({ provider: z.enum(["elevenlabs", "tavus"]), externalId: z.string().max(200) })).max(1000) }),
  maxAttempts: 6,
  backoffMs: 60_000,
});
