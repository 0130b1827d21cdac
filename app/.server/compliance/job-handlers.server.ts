import { z } from "zod";
import type { PrismaClient } from "../db.server";
import { PermanentJobError } from "../jobs/define-job";
import type { JobHandler } from "../jobs/runtime-types";
import { exportCustomerData } from "./export-customer-data.server";
import type { customerDataRequestJob, customerRedactJob, shopRedactJob } from "./jobs";
import { redactCustomer } from "./redact-customer.server";
import { redactShop } from "./redact-shop.server";

const CustomerPayload = z.object({
  customer: z.object({ email: z.string().nullish(), phone: z.string().nullish(), id: z.union([z.number(), z.string()]).nullish() }).passthrough(),
  orders_requested: z.array(z.union([z.number(), z.string()])).optional(),
  orders_to_redact: z.array(z.union([z.number(), z.string()])).optional(),
}).passthrough();

async function loadRequest(db: PrismaClient, requestId: string) {
  const request = await db.complianceRequest.findUnique({ where: { id: requestId } });
  if (!request) throw new PermanentJobError(`Compliance request ${requestId} no longer exists`);
  const shop = await db.shop.findUnique({ where: { platform_domain: { platform: "shopify", domain: request.shopDomain } } });
  return { request, shop };
}

function customerOf(payload: unknown) {
  const parsed = CustomerPayload.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError("The compliance payload names no customer");
  const orderIds = [...(parsed.data.orders_requested ?? []), ...(parsed.data.orders_to_redact ?? [])].map(String);
  return {
    email: parsed.data.customer.email?.trim().toLowerCase() ?? null,
    phone: parsed.data.customer.phone?.trim() || null,
    customerId: parsed.data.customer.id != null ? String(parsed.data.customer.id) : null,
    orderIds,
  };
}

/** Runs `compliance.customer-data-request`. */
export const handleCustomerDataRequest: JobHandler<typeof customerDataRequestJob.payload> = async ({ requestId }, { db }) => {
  const { request, shop } = await loadRequest(db, requestId);
  if (request.completedAt) return;
  const { email, orderIds } = customerOf(request.payload);
  const data = shop && email ? await exportCustomerData(db, shop.id, email, orderIds) : null;
  // Answered: the export stays for the merchant to hand over (until the customer is redacted); the
  // webhook's payload, which only named the customer, goes. The email and id stay to match a later redaction.
  await db.complianceRequest.update({
    where: { id: requestId },
    data: { result: data ? JSON.parse(JSON.stringify(data)) : { found: false }, completedAt: new Date(), payload: {} },
  });
};

/** Runs `compliance.customer-redact`. */
export const handleCustomerRedact: JobHandler<typeof customerRedactJob.payload> = async ({ requestId }, { db }) => {
  const { request, shop } = await loadRequest(db, requestId);
  const { email, phone, customerId, orderIds } = customerOf(request.payload);
  const summary = shop && email ? await redactCustomer(db, shop.id, email, orderIds, { phone, customerId, shopDomain: request.shopDomain }) : { found: false };
  // The request row itself named the customer: keep the outcome, drop the payload.
  await db.complianceRequest.update({
    where: { id: requestId },
    data: { result: summary, completedAt: new Date(), payload: {}, customerEmail: null, customerId: null },
  });
};

/** Runs `compliance.shop-redact`. */
export const handleShopRedact: JobHandler<typeof shopRedactJob.payload> = async ({ requestId }, { db }) => {
  const request = await db.complianceRequest.findUnique({ where: { id: requestId } });
  if (!request) throw new PermanentJobError(`Compliance request ${requestId} no longer exists`);
  const result = await redactShop(db, "shopify", request.shopDomain);
  await db.complianceRequest.update({ where: { id: requestId }, data: { result, completedAt: new Date() } });
};
