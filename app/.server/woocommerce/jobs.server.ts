import { z } from "zod";
import { defineJob, type JobDefinition } from "../jobs/define-job";
import { applyWooCommerceOrderUpdate } from "./apply-order-update.server";

/** A store's order changed (webhook `order.updated` or `order.deleted`): keep open returns true to it. */
export const woocommerceOrderUpdated = defineJob({
  name: "woocommerce.order-updated",
  payload: z.object({
    shopId: z.string().uuid(),
    orderId: z.string().regex(/^\d{1,20}$/),
    topic: z.enum(["order.updated", "order.deleted"]),
    status: z.string().max(40).nullable(),
  }),
  maxAttempts: 5,
  backoffMs: 10_000,
  async handler(payload, { db }) {
    await applyWooCommerceOrderUpdate(db, payload);
  },
});

/** The WooCommerce jobs, registered in `jobs/registry.server.ts`. */
export const woocommerceJobs: JobDefinition[] = [woocommerceOrderUpdated as unknown as JobDefinition];
