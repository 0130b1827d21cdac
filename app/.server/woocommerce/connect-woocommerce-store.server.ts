import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { PlatformError } from "../platforms/platform";
import { sealStoreSecrets } from "../platforms/woocommerce/store-secrets";
import { createWooClient, type WooClient } from "../platforms/woocommerce/woo-client";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { randomToken } from "../security/secrets.server";
import { hashConnectCode } from "./connect-code";

/** The topics Dokani subscribes to on a store. */
export const WOOCOMMERCE_WEBHOOK_TOPICS = ["order.updated", "order.deleted"] as const;

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

export const ConnectStoreInput = z.object({
  code: z.string({ error: "is required" }).trim().min(8, "is not a connect code").max(64, "is not a connect code"),
  storeUrl: z
    .string({ error: "is required" })
    .trim()
    .max(2048, "is too long")
    .pipe(z.url({ protocol: /^https?$/, error: "must be the store's address, such as https://shop.example.com" }))
    .refine((value) => {
      const url = new URL(value);
      return !url.username && !url.password && !url.search && !url.hash;
    }, "must be the store's address without credentials, query or fragment"),
  storeName: z.string({ error: "is required" }).trim().min(1, "is required").max(200, "must be at most 200 characters"),
  consumerKey: z.string({ error: "is required" }).trim().regex(/^ck_[A-Za-z0-9]{20,64}$/, "must be a WooCommerce consumer key (ck_…)"),
  consumerSecret: z.string({ error: "is required" }).trim().regex(/^cs_[A-Za-z0-9]{20,64}$/, "must be a WooCommerce consumer secret (cs_…)"),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "must be a three-letter currency code").optional(),
  timezone: z.string().trim().max(64).refine(isTimeZone, "must be a time zone such as Europe/Paris").optional(),
});
export type ConnectStoreInput = z.infer<typeof ConnectStoreInput>;

/** The store's address as Dokani keeps it: scheme, host and WordPress path, no trailing slash. */
export function normaliseStoreUrl(value: string): { storeUrl: string; domain: string } {
  const url = new URL(value);
  return { storeUrl: `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, "")}`, domain: url.host.toLowerCase() };
}

/** Where a store's webhooks are delivered. */
export function webhookDeliveryUrl(shopId: string): string {
  return `${env().appUrl}/webhooks/woocommerce/${shopId}`;
}

async function verifyKeys(client: WooClient, storeUrl: string): Promise<{ currency: string | null }> {
  try {
    const status = await client.get<{ settings?: { currency?: unknown } }>("system_status");
    const currency = status.data?.settings?.currency;
    return { currency: typeof currency === "string" && /^[A-Z]{3}$/.test(currency) ? currency : null };
  } catch (error) {
    if (error instanceof PlatformError && !error.retryable) {
      throw new AppError("unprocessable", `The store at ${storeUrl} refused these API keys. Create a key with Read/Write permission in WooCommerce → Settings → Advanced → REST API and try again.`, {
        fields: { consumerKey: "was refused by the store" },
        cause: error,
      });
    }
    throw new AppError("unavailable", `Dokani could not reach the store's REST API at ${storeUrl}. Check that the address is right and the store is online, then try again.`, { cause: error });
  }
}

async function registerWebhooks(client: WooClient, shopId: string, secret: string): Promise<number[]> {
  const deliveryUrl = webhookDeliveryUrl(shopId);
  // A reconnect replaces the store's earlier Dokani webhooks, which carry the old secret.
  const existing = await client.get<Array<{ id: number; delivery_url?: string }>>("webhooks", { per_page: 100 });
  for (const hook of Array.isArray(existing.data) ? existing.data : []) {
    if (hook.delivery_url === deliveryUrl) await client.delete(`webhooks/${hook.id}`, { force: true });
  }
  const ids: number[] = [];
  for (const topic of WOOCOMMERCE_WEBHOOK_TOPICS) {
    const created = await client.post<{ id: number }>("webhooks", { name: `Dokani ${topic}`, topic, delivery_url: deliveryUrl, secret, status: "active" });
    ids.push(created.data.id);
  }
  return ids;
}

/**
 * `POST /woocommerce/connect`: the plugin trades a one-time connect code and the store's REST API
 * keys for the store's proxy secret. In order: claim the code (a used one is refused, an expired
 * one too), check the keys against the store, register the webhooks, then record the shop with its
 * secrets encrypted and a default policy. A failure before the last step gives the code back, so
 * the merchant can correct the keys and try again with the same code.
 */
export async function connectWooCommerceStore(client: PrismaClient, input: ConnectStoreInput, now = new Date()) {
  const { storeUrl, domain } = normaliseStoreUrl(input.storeUrl);
  const codeHash = hashConnectCode(input.code);

  // Step 1: claim the code, atomically, so two plugins racing with one code get one store.
  const claimed = await client.connectCode.updateMany({ where: { codeHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  const code = await client.connectCode.findUnique({ where: { codeHash } });
  if (claimed.count === 0 || !code) {
    if (code?.usedAt) throw new AppError("conflict", "This connect code has already been used. Create a new one in Dokani.");
    throw new AppError("invalid_token", code ? "This connect code has expired. Create a new one in Dokani (codes last 15 minutes)." : "This connect code is not valid. Check it, or create a new one in Dokani.");
  }
  const release = () => client.connectCode.updateMany({ where: { id: code.id, usedAt: now }, data: { usedAt: null } });

  try {
    // Step 2: which shop this connects.
    const sameAddress = await client.shop.findUnique({ where: { platform_domain: { platform: "woocommerce", domain } } });
    let existing = sameAddress;
    if (code.shopId) {
      existing = await client.shop.findFirst({ where: { id: code.shopId, platform: "woocommerce" } });
      if (!existing) throw new AppError("invalid_token", "This connect code is not valid. Create a new one in Dokani.");
      if (sameAddress && sameAddress.id !== existing.id) throw new AppError("conflict", `Another Dokani store is already connected at ${domain}.`);
    }

    // Step 3: the keys work.
    const secrets = { storeUrl, consumerKey: input.consumerKey, consumerSecret: input.consumerSecret, proxySecret: randomToken(32), webhookSecret: randomToken(32) };
    const woo = createWooClient(secrets, { retries: 1 });
    const details = await verifyKeys(woo, storeUrl);

    // Step 4: the store tells Dokani about order changes.
    const shopId = existing?.id ?? randomUUID();
    try {
      await registerWebhooks(woo, shopId, secrets.webhookSecret);
    } catch (error) {
      if (error instanceof PlatformError) {
        throw new AppError(error.retryable ? "unavailable" : "unprocessable", `The store did not accept Dokani's webhooks: ${error.message}`, { cause: error });
      }
      throw error;
    }

    // Step 5, last: the shop, its encrypted secrets and a policy to start from, together.
    const shop = await client.$transaction(async (tx) => {
      const data = {
        name: input.storeName,
        currency: input.currency ?? details.currency ?? existing?.currency ?? "USD",
        timezone: input.timezone ?? existing?.timezone ?? "UTC",
        secrets: sealStoreSecrets(secrets),
        domain,
        uninstalledAt: null,
      };
      const saved = existing
        ? await tx.shop.update({ where: { id: existing.id }, data: { ...data, installedAt: now } })
        : await tx.shop.create({ data: { id: shopId, platform: "woocommerce", ...data } });
      if (!(await tx.policy.findFirst({ where: { shopId: saved.id }, select: { id: true } }))) {
        await tx.policy.create({
          data: { shopId: saved.id, version: 1, status: "active", rules: structuredClone(DEFAULT_POLICY_RULES) as object, notes: "Starting policy", createdBy: "system", activatedAt: now },
        });
      }
      await tx.connectCode.update({ where: { id: code.id }, data: { shopId: saved.id } });
      await recordAudit(tx, {
        shopId: saved.id,
        entityType: "shop",
        entityId: saved.id,
        action: existing ? "woocommerce.reconnected" : "woocommerce.connected",
        actor: { type: "platform", id: "woocommerce", name: input.storeName },
        data: { storeUrl, codeLabel: code.label },
      });
      return saved;
    });
    return { shopId: shop.id, proxySecret: secrets.proxySecret, webhookSecret: secrets.webhookSecret };
  } catch (error) {
    await release();
    throw error;
  }
}
