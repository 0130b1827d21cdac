import { z } from "zod";
import { defineJob } from "../jobs/define-job";

const requestPayload = z.object({ requestId: z.string().uuid() });

/** `customers/data_request`: assembles what is held about the customer and keeps it on the request. */
export const customerDataRequestJob = defineJob({
  name: "compliance.customer-data-request",
  payload: requestPayload,
});

/** `customers/redact`: erases the customer's personal data at that shop. */
export const customerRedactJob = defineJob({
  name: "compliance.customer-redact",
  payload: requestPayload,
});

/** `shop/redact`: deletes all of the shop's data. */
export const shopRedactJob = defineJob({
  name: "compliance.shop-redact",
  payload: requestPayload,
});
