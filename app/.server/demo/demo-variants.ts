import { createHash } from "node:crypto";
import type { DbClient } from "../db.server";
import { DEMO_CATALOG } from "./catalog";
import type { DemoProductInput } from "./demo-orders";

/**
 * The demo store's variants and stock (`demo_variants`): what exchanges choose from. From the demo
 * catalogue unless a `DOKANI_DEMO_ORDERS` file brings its own products. Catalogue stock is fixed
 * per SKU, so every demo shows the same sizes out of stock (Linen Shirt XL among them).
 */

type VariantRow = {
  productId: string;
  productTitle: string;
  productType: string | null;
  tags: string[];
  variantId: string;
  title: string;
  sku: string | null;
  price: string;
  inventory: number;
  position: number;
};

/** Units in stock of a catalogue SKU: 0 for about one in eight, and for every Linen Shirt in XL. */
export function catalogStock(sku: string): number {
  if (/^LS-.*-XL$/.test(sku)) return 0;
  const byte = createHash("sha256").update(sku).digest()[0]!;
  return byte % 8 === 0 ? 0 : 2 + (byte % 19);
}

function catalogRows(): VariantRow[] {
  return DEMO_CATALOG.flatMap((product) =>
    product.variants.map((variant, position) => ({
      productId: product.handle,
      productTitle: product.title,
      productType: product.productType,
      tags: [...product.tags],
      variantId: variant.sku,
      title: variant.title,
      sku: variant.sku,
      price: variant.price,
      inventory: catalogStock(variant.sku),
      position,
    })),
  );
}

function fileRows(products: DemoProductInput[]): VariantRow[] {
  return products.flatMap((product) =>
    product.variants.map((variant, position) => ({
      productId: product.id,
      productTitle: product.title,
      productType: product.productType ?? null,
      tags: [...(product.tags ?? [])],
      variantId: variant.id,
      title: variant.title ?? "Default",
      sku: variant.sku ?? null,
      price: variant.price,
      inventory: variant.inventory,
      position,
    })),
  );
}

/** Gives a demo shop its variants and stock once (a shop seeded before exchanges gets the catalogue's on its next start). */
export async function ensureDemoVariants(client: DbClient, shopId: string, products?: DemoProductInput[]): Promise<number> {
  if ((await client.demoVariant.count({ where: { shopId } })) > 0) return 0;
  const rows = products ? fileRows(products) : catalogRows();
  const created = await client.demoVariant.createMany({ data: rows.map((row) => ({ ...row, shopId })), skipDuplicates: true });
  return created.count;
}
