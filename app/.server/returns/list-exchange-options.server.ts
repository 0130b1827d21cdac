import { z } from "zod";
import { db } from "../db.server";
import { AppError } from "../errors";
import { parseCents } from "../money";
import { getPlatform } from "../platforms/get-platform.server";
import type { Platform, PlatformOrder, PlatformProduct } from "../platforms/platform";
import { getActivePolicy } from "../policies/get-active-policy.server";
import { verifyToken } from "../security/tokens.server";
import type { ShopContext } from "../shops/shop-context";
import type { Money, Replacement } from "./types";

/** `GET /proxy/returns/exchange-options`: a looked-up order's line, by the lookup token. */
export const ExchangeOptionsInput = z.object({
  lookupToken: z.string({ error: "is required" }).min(1, "is required").max(2048),
  lineItemId: z.string({ error: "is required" }).trim().min(1, "is required").max(64),
});
export type ExchangeOptionsInput = z.infer<typeof ExchangeOptionsInput>;

/** One variant a shopper may pick, with what can ship now. */
export type ExchangeVariantView = { id: string; title: string | null; sku: string | null; price: Money; available: number; inStock: boolean; current: boolean };

/** What the portal offers for one line of an exchange. */
export type ExchangeOptionsView = {
  lineItemId: string;
  currency: string;
  unitPrice: Money;
  scope: "same_product" | "any_product";
  /** Variants of the returned product (the one ordered marked `current`); null when the store no longer sells it. */
  sameProduct: { id: string; title: string; variants: ExchangeVariantView[] } | null;
  /** Other products up to the returned item's price, when the policy allows any product; each with its variants. */
  otherProducts: Array<{ id: string; title: string; variants: ExchangeVariantView[] }>;
  /** Whether any replacement can ship now; when not, the portal offers store credit instead. */
  anyAvailable: boolean;
  /** The bonus store credit earns, for the fallback. */
  storeCreditBonusPercent: number;
};

const OTHER_PRODUCTS = 12;

function variantViews(product: PlatformProduct, currentVariantId: string | null, maxCents?: number): ExchangeVariantView[] {
  return product.variants
    .filter((v) => maxCents === undefined || parseCents(v.price) <= maxCents)
    .map((v) => ({ id: v.id, title: v.title, sku: v.sku, price: v.price, available: v.available, inStock: v.available > 0, current: v.id === currentVariantId }));
}

/** The order a lookup token names, read again from the platform; AppError `invalid_token` when it is not this shop's or is gone. */
export async function orderOfLookup(shopId: string, platform: Platform, lookupToken: string, nowMs = Date.now()): Promise<PlatformOrder> {
  const claims = verifyToken("lookup", lookupToken, nowMs);
  if (claims.shopId !== shopId || typeof claims.orderId !== "string" || typeof claims.email !== "string" || typeof claims.orderName !== "string") {
    throw new AppError("invalid_token", "This order lookup is not valid for this store. Please find your order again.");
  }
  const order = await platform.findOrder(claims.orderName, claims.email);
  if (!order || order.id !== claims.orderId) throw new AppError("invalid_token", "We could not find this order any more. Please find your order again.");
  return order;
}

/**
 * The replacements a shopper may pick for one line, with live availability: every variant of the
 * same product (out of stock ones included, marked so), and other products up to the line's price
 * when the policy allows any product. Reads the platform each time: stock changes.
 */
export async function listExchangeOptions(ctx: ShopContext, input: ExchangeOptionsInput): Promise<ExchangeOptionsView> {
  const { shop } = ctx;
  const platform = await getPlatform(shop);
  const [order, policy] = await Promise.all([orderOfLookup(shop.id, platform, input.lookupToken), getActivePolicy(db(), shop.id)]);
  const line = order.lineItems.find((l) => l.id === input.lineItemId);
  if (!line) throw new AppError("invalid_request", "This item is not part of the order.", { fields: { lineItemId: "is not an item of this order" } });
  const rules = policy.rules.exchanges;
  const lineCents = parseCents(line.unitPrice);
  const [same, others] = await Promise.all([
    line.productId ? platform.productVariants(line.productId) : Promise.resolve(null),
    rules.scope === "any_product" ? platform.exchangeProducts({ maxPrice: line.unitPrice, currency: order.currency, limit: OTHER_PRODUCTS + 1 }) : Promise.resolve([]),
  ]);
  const sameProduct = same ? { id: same.id, title: same.title, variants: variantViews(same, line.variantId ?? null) } : null;
  const otherProducts = others
    .filter((p) => p.id !== line.productId)
    .slice(0, OTHER_PRODUCTS)
    .map((p) => ({ id: p.id, title: p.title, variants: variantViews(p, null, lineCents) }))
    .filter((p) => p.variants.length > 0);
  const anyAvailable = [...(sameProduct?.variants ?? []).filter((v) => !v.current), ...otherProducts.flatMap((p) => p.variants)].some((v) => v.inStock);
  return {
    lineItemId: line.id,
    currency: order.currency,
    unitPrice: line.unitPrice,
    scope: rules.scope,
    sameProduct,
    otherProducts,
    anyAvailable,
    storeCreditBonusPercent: policy.rules.storeCreditBonusPercent,
  };
}

/**
 * The replacement a request names, as the platform describes it now: the variant of `productId`
 * (the line's own product when absent). AppError `invalid_request` naming `field` when the store
 * sells no such variant.
 */
export async function resolveReplacement(
  platform: Platform,
  line: { productId?: string | null; title: string },
  choice: { variantId: string; productId?: string },
  field: string,
  cache: Map<string, Promise<PlatformProduct | null>> = new Map(),
): Promise<Replacement> {
  const productId = choice.productId ?? line.productId ?? null;
  if (!productId) {
    throw new AppError("invalid_request", `${line.title} can't be exchanged online: the store no longer sells it. Choose store credit or a refund.`, {
      fields: { [`${field}.variantId`]: "is not a variant the store sells" },
    });
  }
  let pending = cache.get(productId);
  if (!pending) cache.set(productId, (pending = platform.productVariants(productId)));
  const product = await pending;
  const variant = product?.variants.find((v) => v.id === choice.variantId);
  if (!product || !variant) {
    throw new AppError("invalid_request", "The replacement chosen is not one the store sells.", { fields: { [`${field}.variantId`]: "is not a variant the store sells" } });
  }
  return { productId: product.id, variantId: variant.id, title: product.title, variantTitle: variant.title, sku: variant.sku, price: variant.price, available: variant.available };
}
