import type { JobHandler } from "../jobs/runtime-types";
import { applyWooCommerceOrderUpdate } from "./apply-order-update.server";
import type { woocommerceOrderUpdatedJob } from "./jobs";

/** Runs `woocommerce.order-updated`. */
export const handleWooCommerceOrderUpdated: JobHandler<typeof woocommerceOrderUpdatedJob.payload> = async (payload, { db }) => {
  await applyWooCommerceOrderUpdate(db, payload);
};
