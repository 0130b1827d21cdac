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

/** Emails the shopper about a decision or completion. */
export const notifyReturn = defineJob({
  name: "returns.notify",
  payload: ReturnPayload.extend({ event: z.enum(["approved", "denied", "completed", "pending_review"]) }),
  maxAttempts: 5,
  backoffMs: 30_000,
  async handler({ returnId, event }, { db }) {
    await sendReturnEmail(db, returnId, event);
  },
});

export const returnJobs = [triageReturn, syncReturn, notifyReturn];
