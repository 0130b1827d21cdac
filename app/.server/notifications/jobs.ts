import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** The `notifications.merchant` job: sends a queued merchant email outside the request that wrote it. */
export const sendMerchantEmailJob = defineJob({
  name: "notifications.merchant",
  payload: z.object({ emailId: z.uuid() }),
  maxAttempts: 5,
  backoffMs: 30_000,
});
