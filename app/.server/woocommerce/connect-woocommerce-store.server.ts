import { shopChanged } from "../shops/shop-cache.server";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ConnectCode, PrismaClient, Shop } from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { PlatformError } from "../platforms/platform";
import { sealStoreSecrets, type StoreSecrets } from "../platforms/woocommerce/store-secrets";
import { createWooClient, type WooClient } from "../platforms/woocommerce/woo-client";
import { ensureStartingPolicy } from "../policies/ensure-starting-policy.server";
import { randomToken } from "../security/secrets.server";
import { runSteps } from "../steps/run-steps";
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

/** Removes a store's earlier Dokani webhooks: a reconnect replaces them, since they carry the old secret. */
async function removeStaleWebhooks(client: WooClient, shopId: string): Promise<void> {
  const deliveryUrl = webhookDeliveryUrl(shopId);
  const existing = await client.get<Array<{ id: number; delivery_url?: string }>>("webhooks", { per_page: 100 });
  for (const hook of Array.isArray(existing.data) ? existing.data : []) {
    if (hook.delivery_url === deliveryUrl) await client.delete(`webhooks/${hook.id}`, { force: true });
  }
}

/** Subscribes the store to Dokani's topics, pushing each new webhook's id to `created` as it goes so a failure can remove exactly those. */
async function registerWebhooks(client: WooClient, shopId: string, secret: string, created: number[]): Promise<void> {
  const deliveryUrl = webhookDeliveryUrl(shopId);
  for (const topic of WOOCOMMERCE_WEBHOOK_TOPICS) {
    const hook = await client.post<{ id: number }>("webhooks", { name: `Dokani ${topic}`, topic, delivery_url: deliveryUrl, secret, status: "active" });
    created.push(hook.data.id);
  }
}

function asConnectError(error: unknown): unknown {
  if (error instanceof PlatformError) {
    return new AppError(error.retryable ? "unavailable" : "unprocessable", `The store did not accept Dokani's webhooks: ${error.message}`, { cause: error });
  }
  return error;
}

/**
 * `POST /woocommerce/connect`: the plugin trades a one-time connect code and the store's REST API
 * keys for the store's proxy secret. Steps, in order: claim the code (a used one is refused, an
 * expired one too), check the keys against the store, register the webhooks, then record the shop
 * with its secrets encrypted and a default policy. A failure at any step undoes the ones before it:
 * the webhooks it created are removed from the store and the code is given back, so the merchant
 * can correct the keys and try again with the same code.
 */
export async function connectWooCommerceStore(client: PrismaClient, input: ConnectStoreInput, now = new Date()) {
  const { storeUrl, domain } = normaliseStoreUrl(input.storeUrl);
  const codeHash = hashConnectCode(input.code);
  const secrets: StoreSecrets = { storeUrl, consumerKey: input.consumerKey, consumerSecret: input.consumerSecret, proxySecret: randomToken(32), webhookSecret: randomToken(32) };
  const woo = createWooClient(secrets, { retries: 1 });
  const webhookIds: number[] = [];
  let code!: ConnectCode;
  let existing: Shop | null = null;
  let currency: string | null = null;
  let shopId!: string;
  let shop!: Shop;

  await runSteps(null, [
    {
      name: "claim the connect code",
      // Atomically, so two plugins racing with one code get one store.
      run: async () => {
        const claimed = await client.connectCode.updateMany({ where: { codeHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
        const found = await client.connectCode.findUnique({ where: { codeHash } });
        if (claimed.count === 0 || !found) {
          if (found?.usedAt) throw new AppError("conflict", "This connect code has already been used. Create a new one in Dokani.");
          throw new AppError("invalid_token", found ? "This connect code has expired. Create a new one in Dokani (codes last 15 minutes)." : "This connect code is not valid. Check it, or create a new one in Dokani.");
        }
        code = found;
      },
      // Gives the code back, so the merchant can correct the keys and try again with the same code.
      compensate: async () => {
        await client.connectCode.updateMany({ where: { id: code.id, usedAt: now }, data: { usedAt: null } });
      },
    },
    {
      name: "find the shop this connects",
      run: async () => {
        const sameAddress = await client.shop.findUnique({ where: { platform_domain: { platform: "woocommerce", domain } } });
        existing = sameAddress;
        if (code.shopId) {
          existing = await client.shop.findFirst({ where: { id: code.shopId, platform: "woocommerce" } });
          if (!existing) throw new AppError("invalid_token", "This connect code is not valid. Create a new one in Dokani.");
          if (sameAddress && sameAddress.id !== existing.id) throw new AppError("conflict", `Another Dokani store is already connected at ${domain}.`);
        }
        shopId = existing?.id ?? randomUUID();
      },
    },
    {
      name: "check the store's API keys",
      run: async () => {
        currency = (await verifyKeys(woo, storeUrl)).currency;
      },
    },
    {
      name: "register the store's webhooks",
      run: async () => {
        try {
          await removeStaleWebhooks(woo, shopId);
          await registerWebhooks(woo, shopId, secrets.webhookSecret, webhookIds);
        } catch (error) {
          throw asConnectError(error);
        }
      },
      // Without this, a failed connect would leave webhooks on the merchant's store posting to a shop that does not exist.
      compensate: async () => {
        for (const id of webhookIds) await woo.delete(`webhooks/${id}`, { force: true });
      },
    },
    {
      name: "record the shop",
      // Last: the shop, its encrypted secrets and a policy to start from, together.
      run: async () => {
        shop = await saveConnectedShop(client, { input, existing, shopId, secrets, currency, code, domain, storeUrl, now });
        // A reconnect brings new secrets: no instance may keep checking the store's requests with the old ones.
        await shopChanged(shop.id, "shop");
      },
    },
  ]);
  return { shopId: shop.id, proxySecret: secrets.proxySecret, webhookSecret: secrets.webhookSecret };
}

async function saveConnectedShop(
  client: PrismaClient,
  options: { input: ConnectStoreInput; existing: Shop | null; shopId: string; secrets: StoreSecrets; currency: string | null; code: ConnectCode; domain: string; storeUrl: string; now: Date },
): Promise<Shop> {
  const { input, existing, code, now } = options;
  return client.$transaction(async (tx) => {
    const data = {
      name: input.storeName,
      currency: input.currency ?? options.currency ?? existing?.currency ?? "USD",
      timezone: input.timezone ?? existing?.timezone ?? "UTC",
      secrets: sealStoreSecrets(options.secrets),
      domain: options.domain,
      uninstalledAt: null,
    };
    const saved = existing
      ? await tx.shop.update({ where: { id: existing.id }, data: { ...data, installedAt: now } })
      : await tx.shop.create({ data: { id: options.shopId, platform: "woocommerce", ...data } });
    await ensureStartingPolicy(tx, saved.id, now);
    await tx.connectCode.update({ where: { id: code.id }, data: { shopId: saved.id } });
    await recordAudit(tx, {
      shopId: saved.id,
      entityType: "shop",
      entityId: saved.id,
      action: existing ? "woocommerce.reconnected" : "woocommerce.connected",
      actor: { type: "platform", id: "woocommerce", name: input.storeName },
      data: { storeUrl: options.storeUrl, codeLabel: code.label },
    });
    return saved;
  });
}
