import { sendMerchantEmail } from "./notify-merchant.server";

/** The notifications domain's jobs, for the one registry. */
export const notificationJobs = [sendMerchantEmail];
