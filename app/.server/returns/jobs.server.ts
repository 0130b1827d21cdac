import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { sendReturnEmail } from "../notifications/send-return-email.server";
import { syncReturnToPlatform } from "./sync-return.server";
import { triageReturn as runTriage } from "./triage-return.server";

const ReturnPayload = z.object({ returnId: z.string().uuid() });

/** Risk profile, AI (or rules) recommendation for reviews, re-decision once photos arrive, security events. */
export const triageReturn = defineJob({
  name: "returns.triage",
  payload: ReturnPayload,
  maxAttempts: 4,
  async handler({ returnId }, { db }) {
    await runTriage(db, returnId);
  },
});

/** Mirrors the return's state to its platform (request, approve or decline, process the refund). */
export const syncReturn = defineJob({
  name: "returns.sync",
  payload: ReturnPayload,
  maxAttempts: 6,
  backoffMs: 5_000,
  async handler({ returnId }, { db }) {
    await syncReturnToPlatform(db, returnId);
  },
});

/** Emails the shopper about a decision or completion, or asks them the merchant's question. */
export const notifyReturn = defineJob({
  name: "returns.notify",
  payload: ReturnPayload.extend({
    event: z.enum(["approved", "denied", "completed", "pending_review", "info_requested"]),
    // Only `info_requested` carries a question; its id keys the email so each question is sent once.
    question: z.object({ id: z.string().uuid(), text: z.string().min(1).max(2000) }).optional(),
  }),
  maxAttempts: 5,
  backoffMs: 30_000,
  async handler({ returnId, event, question }, { db }) {
    await sendReturnEmail(db, returnId, event, question);
  },
});

export const returnJobs = [triageReturn, syncReturn, notifyReturn];
