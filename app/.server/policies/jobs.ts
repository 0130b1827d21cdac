import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** `policies.backtest`: runs one policy backtest. */
export const backtestPolicyJob = defineJob({
  name: "policies.backtest",
  payload: z.object({ backtestId: z.uuid() }),
  maxAttempts: 3,
  backoffMs: 5_000,
});
