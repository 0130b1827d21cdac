import { z } from "zod";
import { defineJob } from "../jobs/define-job";

/** A store's order changed (webhook `order.updated` or `order.deleted`): keep open returns true to it. */
export const woocommerceOrderUpdatedJob = defineJob({
  name: "woocommerce.order-updated",
  payload: z.object({
    shopId: z.string().uuid(),
    orderId: z.string().regex(/^\d{1,20}$/),
    topic: z.enum(["order.updated", "order.deleted"]),
    status: z.string().max(40).nullable(),
  }),
  maxAttempts: 5,
  backoffMs: 10_000,
});
