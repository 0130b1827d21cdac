import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { parseEnv } from "../env.server";
import { sha256Hex } from "../security/secrets.server";
import { prepareDemo } from "./prepare-demo.server";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

function demoEnv(extra: Record<string, string> = {}) {
  return parseEnv({ DOKANI_DEMO: "1", DOKANI_DATA_DIR: process.env.DOKANI_DATA_DIR!, ...extra } as unknown as NodeJS.ProcessEnv);
}

const ORDERS = [
  {
    id: "5001", name: "#1001", email: "Alex@Example.com", currency: "USD", processedAt: "2026-11-01T10:00:00Z", deliveredAt: "2026-11-04T10:00:00Z",
    lineItems: [{ id: "9001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] }],
  },
  { id: "5002", name: "1002", email: "sam@example.com", currency: "USD", processedAt: "2026-11-02T10:00:00Z", lineItems: [{ id: "9002", title: "Gift Card", quantity: 1, unitPrice: "25.00", productType: "Gift Card" }] },
];

describe("prepareDemo", () => {
  it("seeds the demo store with its own history and a printable API key, once", async () => {
    const first = await prepareDemo(db(), demoEnv());
    expect(first.created).toBe(true);
    expect(first.apiKey).toMatch(/^dk_[0-9a-f]{40}$/);
    expect(await db().demoOrder.count()).toBeGreaterThanOrEqual(200);
    const statuses = await db().returnRequest.groupBy({ by: ["status"], _count: { _all: true } });
    // Every status but pending_triage: the demo seeds its returns triaged, as the app leaves them within seconds.
    expect(statuses.map((s) => s.status).sort()).toEqual(["approved", "cancelled", "completed", "denied", "pending_review"]);
    expect(Math.min(...statuses.map((s) => s._count._all))).toBeGreaterThanOrEqual(5);
    expect(await db().returnRequest.count()).toBeGreaterThanOrEqual(60);
    expect(await db().knowledgeArticle.count({ where: { status: "published" } })).toBeGreaterThanOrEqual(15);
    expect(await db().conversation.count()).toBeGreaterThan(0);
    expect(await db().policy.findFirst({ where: { status: "active" } })).toMatchObject({ version: 1 });

    const again = await prepareDemo(db(), demoEnv());
    expect(again).toMatchObject({ created: false, apiKey: first.apiKey });
    expect(await db().apiKey.count()).toBe(1);
  });

  it("with DOKANI_DEMO_ORDERS, imports exactly those orders and invents no returns or conversations", async () => {
    const file = path.join(process.env.DOKANI_DATA_DIR!, "orders.json");
    writeFileSync(file, JSON.stringify(ORDERS));
    await prepareDemo(db(), demoEnv({ DOKANI_DEMO_ORDERS: file }));
    const orders = await db().demoOrder.findMany({ orderBy: { name: "asc" } });
    expect(orders.map((o) => [o.name, o.email, o.totalPrice.toString()])).toEqual([
      ["#1001", "alex@example.com", "98"],
      ["#1002", "sam@example.com", "25"],
    ]);
    expect(await db().returnRequest.count()).toBe(0);
    expect(await db().conversation.count()).toBe(0);
    expect(await db().policy.count({ where: { status: "active" } })).toBe(1);
  });

  it("refuses a malformed DOKANI_DEMO_ORDERS file with the field it trips on, and writes nothing", async () => {
    const file = path.join(process.env.DOKANI_DATA_DIR!, "bad-orders.json");
    writeFileSync(file, JSON.stringify([{ ...ORDERS[0], lineItems: [{ ...ORDERS[0]!.lineItems[0], unitPrice: 49.5 }] }]));
    await expect(prepareDemo(db(), demoEnv({ DOKANI_DEMO_ORDERS: file }))).rejects.toThrow(/DOKANI_DEMO_ORDERS: .*\[0\]\.lineItems\[0\]\.unitPrice/);
    expect(await db().shop.count()).toBe(0);
  });

  it("with DOKANI_DEMO_API_KEY, that key is the demo store's key (stored only as a hash)", async () => {
    const key = "dk_my_own_demo_key_123456";
    const prepared = await prepareDemo(db(), demoEnv({ DOKANI_DEMO_API_KEY: key }));
    expect(prepared.apiKey).toBe(key);
    const rows = await db().apiKey.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.keyHash).toBe(sha256Hex(key));
    expect(JSON.stringify(rows)).not.toContain(key);
  });
});
