import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../db.server";
import { createApiKey } from "../api-keys/create-api-key";
import { ensureInboundAddress } from "../channels/email/addresses.server";
import type { Env } from "../env.server";
import { sha256Hex } from "../security/secrets.server";
import { DEMO_SHOP_DOMAIN } from "../shops/demo-shop";
import { parseDemoFile } from "./demo-orders";
import { ensureDemoVariants } from "./demo-variants";
import { seedDemoShop } from "./seed-demo-shop";

const DEMO_KEY_NAME = "Demo key";

/**
 * Gets the demo store ready: seeded on first start (with `DOKANI_DEMO_ORDERS` when given) and a
 * merchant API key it can print. The generated key is kept in the data folder, which only the
 * loopback-bound demo reads, so every start can print it again.
 */
export async function prepareDemo(client: PrismaClient, config: Env) {
  const file = config.DOKANI_DEMO_ORDERS ? await readDemoOrdersFile(config.DOKANI_DEMO_ORDERS) : undefined;
  const seeded = await seedDemoShop(client, { domain: DEMO_SHOP_DOMAIN, orders: file?.orders, products: file?.products });
  // A demo store seeded before exchanges existed gets its variants and stock now.
  await ensureDemoVariants(client, seeded.shopId, file?.products);
  const apiKey = await ensureDemoApiKey(client, seeded.shopId, config);
  // The demo store's inbound email address (`dokani-demo@inbound.localhost` unless DOKANI_INBOUND_EMAIL_DOMAIN says otherwise).
  const inboundAddress = await ensureInboundAddress({ id: seeded.shopId, domain: DEMO_SHOP_DOMAIN }, client);
  return { ...seeded, apiKey, inboundAddress };
}

async function readDemoOrdersFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`DOKANI_DEMO_ORDERS: cannot read ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`DOKANI_DEMO_ORDERS: ${file} is not valid JSON`, { cause: error });
  }
  try {
    return parseDemoFile(json);
  } catch (error) {
    throw new Error(`DOKANI_DEMO_ORDERS: ${(error as Error).message}`, { cause: error });
  }
}

async function ensureDemoApiKey(client: PrismaClient, shopId: string, config: Env): Promise<string> {
  const keyFile = path.join(config.dataDir, "demo-api-key");
  const wanted = config.DOKANI_DEMO_API_KEY ?? (await readFile(keyFile, "utf8").then((t) => t.trim()).catch(() => undefined));
  if (wanted) {
    const existing = await client.apiKey.findUnique({ where: { keyHash: sha256Hex(wanted) } });
    if (existing && existing.shopId === shopId && !existing.revokedAt) return wanted;
    if (!existing) {
      await createApiKey(client, shopId, { name: DEMO_KEY_NAME, key: wanted, createdBy: "demo" });
      return wanted;
    }
  }
  const created = await createApiKey(client, shopId, { name: DEMO_KEY_NAME, createdBy: "demo" });
  if (!config.DOKANI_DEMO_API_KEY) await writeFile(keyFile, created.key, { mode: 0o600 });
  return created.key;
}
