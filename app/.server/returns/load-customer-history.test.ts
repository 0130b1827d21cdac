import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { loadCustomerHistory } from "./load-customer-history.server";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const NOW = new Date("2026-12-01T12:00:00Z");

/** `count` returns from one network address, each by its own email, `daysAgo` before NOW (one statement). */
async function returnsFrom(shopId: string, address: string, count: number, daysAgo: number, prefix: string) {
  const rows = Array.from({ length: count }, (_, i) => ({
    shopId,
    platformOrderId: `${prefix}-${i}`,
    orderName: `#${prefix}${i}`,
    orderProcessedAt: new Date(NOW.getTime() - (daysAgo + 5) * DAY),
    orderTotal: "49.00",
    currency: "USD",
    customerEmail: `${prefix}${i}@example.com`,
    customerIp: address,
    status: "approved" as const,
    resolution: "refund" as const,
    createdAt: new Date(NOW.getTime() - daysAgo * DAY - i * 1000),
  }));
  await db().returnRequest.createMany({ data: rows });
}

describe("a customer's history", () => {
  beforeEach(() => clearDatabase());

  it("counts the emails seen from the shopper's network address in 30 days, up to 50 however busy the address", async () => {
    const shop = await createShop();
    await returnsFrom(shop.id, "198.51.100.7", 3, 2, "household");
    await returnsFrom(shop.id, "198.51.100.7", 5, 40, "long-ago");
    await returnsFrom(shop.id, "203.0.113.80", 260, 1, "carrier");
    const input = { email: "new@example.com", orderId: "9", now: NOW };

    // The household's three and the shopper's own; the returns from 40 days ago do not count.
    expect((await loadCustomerHistory(db(), shop, { ...input, clientAddress: "198.51.100.7" })).emailsFromSameClient).toBe(4);
    // A carrier's address shared by hundreds: counted up to 50.
    expect((await loadCustomerHistory(db(), shop, { ...input, clientAddress: "203.0.113.80" })).emailsFromSameClient).toBe(50);
    expect((await loadCustomerHistory(db(), shop, { ...input, clientAddress: null })).emailsFromSameClient).toBe(1);
  });
});
