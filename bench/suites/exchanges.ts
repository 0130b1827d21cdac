import pg from "pg";
import { closeDatabase, db, openDatabase } from "../../app/.server/db.server";
import { parseEnv, resetEnv } from "../../app/.server/env.server";
import { parseDemoFile } from "../../app/.server/demo/demo-orders";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { listExchangeOptions } from "../../app/.server/returns/list-exchange-options.server";
import { lookupOrder } from "../../app/.server/returns/lookup-order.server";
import { type Figure, type Suite, quantile, round } from "../figures";
import { withDatabaseName } from "../scale-seed";

const SAMPLES = 300;
const ORDERS = 2_000;
const NAME = "variant availability for a line in the portal (zero-latency platform fake, PostgreSQL)";

/** A demo file of many orders over a catalogue with sizes and stock, so the lookups read a realistic table. */
function demoFile() {
  const now = Date.now();
  const sizes = ["XS", "S", "M", "L", "XL"];
  const products = Array.from({ length: 200 }, (_, p) => ({
    id: `product-${p}`,
    title: `Product ${p}`,
    variants: sizes.map((size, v) => ({ id: `P${p}-${size}`, title: size, sku: `P${p}-${size}`, price: "49.00", inventory: (p + v) % 4 })),
  }));
  const orders = Array.from({ length: ORDERS }, (_, i) => ({
    id: String(700_000 + i),
    name: `#${700_000 + i}`,
    email: `shopper${i}@example.com`,
    currency: "USD",
    processedAt: new Date(now - 6 * 86_400_000).toISOString(),
    deliveredAt: new Date(now - 3 * 86_400_000).toISOString(),
    lineItems: [{ id: `${i}-1`, title: `Product ${i % 200}`, variantTitle: "M", sku: `P${i % 200}-M`, quantity: 1, unitPrice: "49.00", productId: `product-${i % 200}`, variantId: `P${i % 200}-M` }],
  }));
  return parseDemoFile({ orders, products });
}

export const exchanges: Suite = {
  name: "exchanges",
  description: "issue 15: the replacements and their stock for one order line, as the portal asks, PostgreSQL",
  async run(): Promise<Figure[]> {
    const base = process.env.DATABASE_URL;
    if (!base) return [{ issue: 15, name: NAME, unit: "ms", samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL)" }];
    const name = `dokani_bench_exchanges_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = withDatabaseName(base, name);
    try {
      await openDatabase({ url, poolSize: 4, migrate: true });
      resetEnv(parseEnv({ ...process.env, DATABASE_URL: url, DOKANI_DEMO: "1", LOG_LEVEL: "silent" }));
      const file = demoFile();
      const { shopId } = await seedDemoShop(db(), { domain: "bench-exchanges.myshopify.com", orders: file.orders, products: file.products });
      const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
      const ctx = { shop, actor: { type: "shopper" as const }, clientAddress: "198.51.100.7" };
      const tokens: string[] = [];
      for (let i = 0; i < 20; i++) tokens.push((await lookupOrder({ ...ctx, clientAddress: `198.51.100.${i + 10}` }, { orderNumber: String(700_000 + i * 97), email: `shopper${i * 97}@example.com` })).lookupToken);
      for (let i = 0; i < 20; i++) await listExchangeOptions(ctx, { lookupToken: tokens[i % tokens.length]!, lineItemId: `${i * 97}-1` });
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const at = i % tokens.length;
        const started = performance.now();
        await listExchangeOptions(ctx, { lookupToken: tokens[at]!, lineItemId: `${at * 97}-1` });
        times.push(performance.now() - started);
      }
      const p95 = round(quantile(times, 0.95));
      return [{ issue: 15, name: NAME, unit: "ms", median: round(quantile(times, 0.5)), p95, samples: SAMPLES, target: "p95 ≤ 40 ms", met: p95 <= 40 }];
    } finally {
      await closeDatabase();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  },
};
