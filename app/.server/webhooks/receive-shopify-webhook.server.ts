import { authenticate } from "../../shopify.server";
import { customerDataRequestJob, customerRedactJob, shopRedactJob } from "../compliance/jobs";
import { db, type Tx } from "../db.server";
import { isDatabaseUnavailable } from "../db/database-unavailable";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { shopifyAppUninstalledJob } from "../shops/jobs";

/** The Shopify topics Dokani subscribes to (shopify.app.toml), each with what it enqueues. */
export const SHOPIFY_TOPICS = {
  "app/uninstalled": async (tx: Tx, ctx: WebhookContext) => {
    await enqueueJob(tx, shopifyAppUninstalledJob, { shopDomain: ctx.shop }, { shopId: ctx.shopId });
  },
  "app/scopes_update": async (tx: Tx, ctx: WebhookContext) => {
    const current = (ctx.payload as { current?: unknown }).current;
    if (Array.isArray(current)) {
      await tx.session.updateMany({ where: { shop: ctx.shop }, data: { scope: current.map(String).join(",") } });
    }
  },
  "customers/data_request": (tx: Tx, ctx: WebhookContext) => recordCompliance(tx, ctx, customerDataRequestJob),
  "customers/redact": (tx: Tx, ctx: WebhookContext) => recordCompliance(tx, ctx, customerRedactJob),
  "shop/redact": (tx: Tx, ctx: WebhookContext) => recordCompliance(tx, ctx, shopRedactJob),
} as const;

export type ShopifyTopic = keyof typeof SHOPIFY_TOPICS;

type WebhookContext = { shop: string; shopId: string | null; payload: unknown; webhookId: string };

async function recordCompliance(tx: Tx, ctx: WebhookContext, job: typeof customerDataRequestJob) {
  const payload = (ctx.payload ?? {}) as { customer?: { email?: string; id?: number | string } };
  const request = await tx.complianceRequest.create({
    data: {
      topic: job === shopRedactJob ? "shop/redact" : job === customerRedactJob ? "customers/redact" : "customers/data_request",
      shopDomain: ctx.shop,
      customerEmail: payload.customer?.email?.toLowerCase() ?? null,
      customerId: payload.customer?.id != null ? String(payload.customer.id) : null,
      payload: ctx.payload as object,
    },
  });
  // The shop/redact job deletes the shop, so it must not belong to it (its row would go with it).
  await enqueueJob(tx, job, { requestId: request.id }, { shopId: job === shopRedactJob ? null : ctx.shopId });
}

/** `APP_UNINSTALLED` and `app/uninstalled` both name the same topic. */
function normalizeTopic(topic: string): string {
  return topic.includes("/") ? topic.toLowerCase() : topic.toLowerCase().replace("_", "/");
}

/**
 * Receives one Shopify webhook: the library checks the HMAC on the raw body (a bad one answers 401
 * before anything is read), the delivery id is recorded (a repeat answers 200 and does nothing),
 * and the work is written to the outbox in the same transaction, so the answer comes at once.
 */
export async function receiveShopifyWebhook(request: Request, expected: ShopifyTopic): Promise<Response> {
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) return error;
    // The database (sessions, the shop) was out of reach: 503, so Shopify delivers it again.
    if (isDatabaseUnavailable(error)) throw error;
    // A body with a valid HMAC that is not JSON: nothing to act on, and nothing Shopify should resend.
    log().warn({ err: error }, "unreadable Shopify webhook body");
    return new Response(null, { status: 400 });
  }
  const topic = normalizeTopic(context.topic);
  if (topic !== expected) {
    log().warn({ topic, expected }, "Shopify webhook delivered to the wrong address");
    return new Response(null, { status: 400 });
  }
  const shop = context.shop.toLowerCase();
  const webhookId = context.webhookId;
  const duplicate = await runInTransaction(async (tx) => {
    const known = await tx.shop.findUnique({ where: { platform_domain: { platform: "shopify", domain: shop } }, select: { id: true } });
    const inserted = await tx.webhookDelivery.createManyAndReturn({
      data: [{ platform: "shopify", deliveryId: webhookId, topic, shopDomain: shop, shopId: known?.id ?? null }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!inserted[0]) return true;
    await SHOPIFY_TOPICS[expected](tx, { shop, shopId: known?.id ?? null, payload: context.payload, webhookId });
    await tx.webhookDelivery.update({ where: { id: inserted[0].id }, data: { processedAt: new Date() } });
    return false;
  }, db());
  log().info({ topic, shop, webhookId, duplicate }, "Shopify webhook received");
  return new Response(null, { status: 200 });
}
