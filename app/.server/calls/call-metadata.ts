import { z } from "zod";
import type { Prisma } from "../db.server";
import { VerifiedOrderSchema } from "../assistant/tools/tool";

/*
 * What a call keeps besides its columns, in `call_sessions.metadata`: how it came about (direction,
 * purpose, the return it is about), how its provider reaches it (the callback token's hash, the
 * Twilio call SID), what the caller proved during it (the verified order, the words they gave the
 * tools), and what the provider reported (outcome, perception, end reason, durations).
 */
export const CallMetadataSchema = z.object({
  direction: z.enum(["inbound", "outbound", "web"]).optional(),
  returnId: z.uuid().optional(),
  purpose: z.string().max(500).optional(),
  callbackTokenHash: z.string().max(64).optional(),
  callSid: z.string().max(100).optional(),
  callerNumber: z.string().max(40).optional(),
  maxDurationSeconds: z.number().int().optional(),
  verifiedOrder: VerifiedOrderSchema.optional(),
  /** What the caller said that the tools were given (order numbers, emails): the proof a lookup checks against, as the chat keeps the shopper's texts. */
  heard: z.array(z.string().max(320)).max(40).optional(),
  handoff: z.string().max(500).optional(),
  outcome: z.enum(["successful", "unsuccessful", "unknown"]).optional(),
  perception: z.string().max(10_000).optional(),
  endReason: z.string().max(200).optional(),
  providerDurationSeconds: z.number().int().optional(),
  recordingDurationSeconds: z.number().int().optional(),
  reconcileAttempts: z.number().int().optional(),
});
export type CallMetadata = z.infer<typeof CallMetadataSchema>;

/** A call's metadata, forgivingly: a field that does not parse is left out. */
export function readCallMetadata(raw: unknown): CallMetadata {
  const source = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CallMetadataSchema.shape)) {
    const parsed = (schema as z.ZodType).safeParse(source[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as CallMetadata;
}

/** Metadata ready to store, keeping keys Dokani does not know of. */
export function writeCallMetadata(raw: unknown, next: CallMetadata): Prisma.InputJsonObject {
  const source = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...source };
  for (const key of Object.keys(CallMetadataSchema.shape)) {
    const value = (next as Record<string, unknown>)[key];
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return JSON.parse(JSON.stringify(merged)) as Prisma.InputJsonObject;
}
