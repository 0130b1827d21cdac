import { createHmac, randomUUID } from "node:crypto";
import { DEMO_SHOPIFY_SECRET } from "../../app/.server/env.server";

/** A webhook request exactly as Shopify sends one: JSON body, base64 HMAC-SHA256 of the raw body, its headers. */
export function shopifyWebhookRequest(
  topic: string,
  shop: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string; hmac?: string; path?: string; rawBody?: string } = {},
) {
  const body = options.rawBody ?? JSON.stringify(payload);
  const hmac = options.hmac ?? createHmac("sha256", options.secret ?? DEMO_SHOPIFY_SECRET).update(body, "utf8").digest("base64");
  return new Request(`http://localhost:3000${options.path ?? `/webhooks/${topic}`}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
    body,
  });
}
