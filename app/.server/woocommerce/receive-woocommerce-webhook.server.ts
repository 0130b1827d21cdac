import { createHmac } from "node:crypto";
import { z } from "zod";
import { db } from "../db.server";
import { AppError } from "../errors";
import { readTextCapped } from "../http/read-json-body.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { openStoreSecrets } from "../platforms/woocommerce/store-secrets";
import { safeEqual } from "../security/secrets.server";
import { woocommerceOrderUpdatedJob } from "./jobs";

/** WooCommerce order payloads with many lines run to tens of KB; far more is not an order. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

const OrderPayload = z.object({ id: z.number().int().positive(), status: z.string().max(40).optional() });

/** The creation ping WooCommerce sends unsigned when a webhook is saved: `webhook_id=123`. */
function isPing(request: Request, body: string): boolean {
  return !request.headers.get("x-wc-webhook-signature") && /^webhook_id=\d{1,20}$/.test(body.trim());
}

/**
 * `POST /webhooks/woocommerce/{shopId}`: the signature (base64 HMAC-SHA256 of the raw body with the
 * store's webhook secret) is checked in constant time; a bad one, an unknown shop and a shop that is
 * not a connected WooCommerce store all get the same 401 and nothing is written. The delivery id is
 * recorded with the order's job in one transaction, so a repeat answers 200 and does nothing.
 */
export async function receiveWooCommerceWebhook(request: Request, shopIdParam: string | undefined): Promise<Response> {
  if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST for this endpoint.", { headers: { Allow: "POST" } });
  const body = await readTextCapped(request, MAX_WEBHOOK_BYTES);
  if (isPing(request, body)) return new Response(null, { status: 200 });

  const invalid = new AppError("invalid_signature", "This webhook is not signed by a store connected to Dokani.");
  const signature = request.headers.get("x-wc-webhook-signature") ?? "";
  const shopId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(shopIdParam ?? "") ? shopIdParam!.toLowerCase() : null;
  const shop = shopId ? await db().shop.findFirst({ where: { id: shopId, platform: "woocommerce", uninstalledAt: null } }) : null;
  const secret = openStoreSecrets(shop?.secrets ?? null)?.webhookSecret;
  // Computed even without a shop, so an unknown id takes as long as a wrong signature.
  const expected = createHmac("sha256", secret ?? "no-store").update(body, "utf8").digest("base64");
  if (!shop || !secret || !signature || !safeEqual(expected, signature)) throw invalid;

  const deliveryId = request.headers.get("x-wc-webhook-delivery-id") ?? "";
  const topic = (request.headers.get("x-wc-webhook-topic") ?? "").toLowerCase();
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(deliveryId)) throw new AppError("invalid_request", "The webhook has no X-WC-Webhook-Delivery-ID.");
  let payload: z.infer<typeof OrderPayload> | null = null;
  if (topic === "order.updated" || topic === "order.deleted") {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AppError("invalid_json", "The webhook body is not valid JSON.");
    }
    const parsed = OrderPayload.safeParse(json);
    if (!parsed.success) throw new AppError("invalid_request", "The webhook body is not a WooCommerce order.");
    payload = parsed.data;
  }

  const duplicate = await runInTransaction(async (tx) => {
    // Delivery ids count up per store, so they are unique only together with the shop.
    const inserted = await tx.webhookDelivery.createManyAndReturn({
      data: [{ platform: "woocommerce", deliveryId: `${shop.id}:${deliveryId}`, topic: topic.slice(0, 100) || "unknown", shopDomain: shop.domain, shopId: shop.id }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!inserted[0]) return true;
    if (payload) {
      await enqueueJob(tx, woocommerceOrderUpdatedJob, { shopId: shop.id, orderId: String(payload.id), topic: topic as "order.updated" | "order.deleted", status: payload.status ?? null }, { shopId: shop.id, dedupKey: `woocommerce.order-updated:${shop.id}:${deliveryId}` });
    }
    await tx.webhookDelivery.update({ where: { id: inserted[0].id }, data: { processedAt: new Date() } });
    return false;
  });
  log().info({ shop: shop.domain, topic, deliveryId, duplicate }, "WooCommerce webhook received");
  return new Response(null, { status: 200 });
}
