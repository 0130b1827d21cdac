import { getPlatform } from "../platforms/get-platform.server";
import { log } from "../logger.server";
import type { ShopContext } from "../shops/shop-context";
import type { ReturnWithItems } from "./exchange-edit-support.server";
import { exchangeForOf } from "./return-view";
import type { ExchangeForView } from "./types";
import { assertExchangeEditable } from "./validation";

/** One item's replacement as the merchant's return page shows it, with what the store can ship now. */
export type ExchangeItemAvailability = {
  lineItemId: string;
  title: string;
  quantity: number;
  replacement: ExchangeForView;
  /** Units of the replacement the store can ship now; null when the platform could not be asked. */
  available: number | null;
  /** The other variants of the replacement's product, for changing it (out of stock ones included, marked). */
  variants: Array<{ id: string; title: string | null; price: string; available: number; inStock: boolean }>;
};

/** The exchange part of the return page: each chosen replacement with live stock, and whether the merchant may still change it. */
export type ExchangeAvailability = {
  items: ExchangeItemAvailability[];
  /** Why the exchange can no longer be changed (created on the platform, return finished), or null. */
  lockedReason: string | null;
  /** Set when the platform could not be read; stock then shows as unknown. */
  platformError: string | null;
};

/**
 * Each replacement of an exchange with its current stock, read from the platform once per product.
 * Null for a return without chosen replacements. A platform that cannot be reached leaves stock
 * unknown (the page still shows the choice) rather than failing the page.
 */
export async function getExchangeAvailability(ctx: ShopContext, row: ReturnWithItems): Promise<ExchangeAvailability | null> {
  const chosen = row.items.flatMap((i) => {
    const replacement = exchangeForOf(i.exchangeFor);
    return replacement ? [{ item: i, replacement }] : [];
  });
  if (row.resolution !== "exchange" || chosen.length === 0) return null;
  let lockedReason: string | null = null;
  try {
    assertExchangeEditable(row);
  } catch (error) {
    lockedReason = error instanceof Error ? error.message : String(error);
  }
  let platformError: string | null = null;
  const products = new Map<string, Awaited<ReturnType<Awaited<ReturnType<typeof getPlatform>>["productVariants"]>>>();
  try {
    const platform = await getPlatform(ctx.shop);
    const ids = [...new Set(chosen.map((c) => c.replacement.productId))];
    const found = await Promise.all(ids.map((id) => platform.productVariants(id)));
    ids.forEach((id, n) => products.set(id, found[n] ?? null));
  } catch (error) {
    log().warn({ err: error, shopId: ctx.shop.id, returnId: row.id }, "exchange stock could not be read");
    platformError = "The store could not be asked for stock just now.";
  }
  return {
    lockedReason,
    platformError,
    items: chosen.map(({ item, replacement }) => {
      const product = products.get(replacement.productId) ?? null;
      const variant = product?.variants.find((v) => v.id === replacement.variantId);
      return {
        lineItemId: item.lineItemId,
        title: item.title,
        quantity: item.quantity,
        replacement,
        available: platformError ? null : (variant?.available ?? 0),
        variants: (product?.variants ?? []).map((v) => ({ id: v.id, title: v.title, price: v.price, available: v.available, inStock: v.available >= item.quantity })),
      };
    }),
  };
}
