import { DEFAULT_MAX_ATTEMPTS } from "../jobs/define-job";
import type { JobHandler } from "../jobs/runtime-types";
import { sendMerchantEmailJob } from "./jobs";
import { deliverMerchantEmail } from "./notify-merchant.server";

const MAX_SEND_ATTEMPTS = sendMerchantEmailJob.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

/** Runs `notifications.merchant`; the last attempt marks the email failed. */
export const handleSendMerchantEmail: JobHandler<typeof sendMerchantEmailJob.payload> = async ({ emailId }, { db, attempt }) => {
  await deliverMerchantEmail(db, emailId, { finalAttempt: attempt >= MAX_SEND_ATTEMPTS });
};
