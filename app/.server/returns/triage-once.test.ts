import { beforeEach, describe, expect, it } from "vitest";
import { shopperContext } from "../../../tests/support/contexts";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { createReturn } from "./create-return.server";
import { resetLookupLimiters } from "./lookup-limiter.server";
import { lookupOrder } from "./lookup-order.server";
import { triageReturn } from "./triage-return.server";

setupTestDatabase();

const SHOP = "triage-once.myshopify.com";
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * 3600 * 1000).toISOString();

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  await seedDemoShop(db(), {
    domain: SHOP,
    orders: [{ id: "9001", name: "#4001", email: "pat@example.com", currency: "USD", processedAt: iso(9), deliveredAt: iso(6), lineItems: [{ id: "C1", title: "Wool Coat", quantity: 1, unitPrice: "320.00", productType: "Coats", tags: [] }] }],
  });
});

async function reviewReturn() {
  const shop = await db().shop.findFirstOrThrow({ where: { domain: SHOP } });
  const ctx = shopperContext(shop, "203.0.113.20");
  const found = await lookupOrder(ctx, { orderNumber: "4001", email: "pat@example.com" });
  const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: "C1", quantity: 1, reason: "changed_mind" }], resolution: "refund" });
  expect(created.view.status).toBe("pending_triage");
  return created.view.id;
}

const triaged = (id: string) => db().auditLog.count({ where: { entityId: id, action: "triaged" } });

describe("triage runs its effects once", () => {
  it("records one recommendation however often, and however concurrently, its job is delivered", async () => {
    const id = await reviewReturn();
    // Deliveries at once (a redelivered job beside a sweep's), then more after.
    await Promise.all([triageReturn(db(), id), triageReturn(db(), id), triageReturn(db(), id)]);
    await triageReturn(db(), id);
    expect(await triaged(id)).toBe(1);
    expect(await db().emailMessage.count({ where: { relatedType: "merchant:return_needs_review", relatedId: id } })).toBe(1);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id } })).status).toBe("pending_review");
  });

  it("recommends again when a photo arrived since the last recommendation", async () => {
    const id = await reviewReturn();
    await triageReturn(db(), id);
    const shop = await db().shop.findFirstOrThrow({ where: { domain: SHOP } });
    await db().evidenceFile.create({ data: { shopId: shop.id, returnId: id, storageKey: `evidence/${id}/a.png`, storage: "local", mimeType: "image/png", byteSize: 10, sha256: "0".repeat(64) } });
    await Promise.all([triageReturn(db(), id), triageReturn(db(), id)]);
    expect(await triaged(id)).toBe(2);
  });
});
