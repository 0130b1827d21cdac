import { beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../../tests/support/test-database";
import { db } from "../../db.server";
import { parseDemoOrders } from "../../demo/demo-orders";
import { importDemoOrders } from "../../demo/import-demo-orders";
import { PlatformError, type Platform, type PlatformOrder } from "../platform";
import { createDemoPlatform } from "./create-demo-platform";
import { uuidV5 } from "./uuid-v5";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const ORDERS = [
  {
    id: "5001",
    name: "#1001",
    email: "Alex@Example.com",
    customerName: "Alex Doe",
    phone: "+44 7700 900123",
    currency: "USD",
    processedAt: "2026-11-01T10:00:00Z",
    deliveredAt: "2026-11-04T10:00:00Z",
    note: "Gift wrap",
    lineItems: [
      { id: "9001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] },
      { id: "9002", title: "Wool Beanie", quantity: 1, unitPrice: "28.5" },
    ],
  },
  { id: "5002", name: "1002", email: "sam@example.com", currency: "EUR", processedAt: "2026-11-02T10:00:00Z", lineItems: [{ id: "9003", title: "Gift Card", quantity: 1, unitPrice: "25.00", productType: "Gift Card" }] },
];

async function demoShop(domain = "dokani-demo.myshopify.com") {
  const shop = await createShop({ platform: "demo", domain });
  await importDemoOrders(db(), shop.id, parseDemoOrders(ORDERS));
  return { shop, platform: createDemoPlatform(db(), shop.id) };
}

async function order(platform: Platform): Promise<PlatformOrder> {
  const found = await platform.findOrder("1001", "alex@example.com");
  if (!found) throw new Error("demo order #1001 was not found");
  return found;
}

const lines = [{ lineItemId: "9001", quantity: 1, reason: "size_too_small" as const }];

describe("the demo platform", () => {
  it("finds an imported order by number with or without '#', whatever the email's case", async () => {
    const { platform } = await demoShop();
    const expected: PlatformOrder = {
      id: "5001",
      name: "#1001",
      email: "alex@example.com",
      customerName: "Alex Doe",
      currency: "USD",
      totalPrice: "126.50",
      processedAt: new Date("2026-11-01T10:00:00Z"),
      deliveredAt: new Date("2026-11-04T10:00:00Z"),
      note: "Gift wrap",
      phones: ["+447700900123"],
      lineItems: [
        { id: "9001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"], productId: null, variantId: null, deliveryStatus: "delivered" },
        { id: "9002", title: "Wool Beanie", variantTitle: null, sku: null, quantity: 1, unitPrice: "28.50", productType: null, tags: [], productId: null, variantId: null, deliveryStatus: "delivered" },
      ],
    };
    expect(await platform.findOrder("1001", "alex@example.com")).toEqual(expected);
    expect(await platform.findOrder(" #1001 ", "ALEX@EXAMPLE.COM")).toEqual(expected);
    expect(await platform.findOrder("#1002", "Sam@Example.com")).toMatchObject({ id: "5002", currency: "EUR", deliveredAt: null });
  });

  it("answers a wrong email, a missing order and another shop's order alike: null", async () => {
    const { platform } = await demoShop();
    const other = createDemoPlatform(db(), (await createShop({ platform: "demo" })).id);
    expect(await platform.findOrder("1001", "sam@example.com")).toBeNull();
    expect(await platform.findOrder("1003", "alex@example.com")).toBeNull();
    expect(await platform.findOrder("#", "alex@example.com")).toBeNull();
    expect(await other.findOrder("1001", "alex@example.com")).toBeNull();
  });

  it("finds an order by the phone it carries (in E.164 whatever its spelling), and by no other phone", async () => {
    const { platform } = await demoShop();
    const other = createDemoPlatform(db(), (await createShop({ platform: "demo" })).id);
    expect(await platform.findOrderByPhone("1001", "+447700900123")).toMatchObject({ id: "5001", email: "alex@example.com", phones: ["+447700900123"] });
    expect(await platform.findOrderByPhone("#1001", "whatsapp:+447700900123")).toMatchObject({ id: "5001" });
    expect(await platform.findOrderByPhone("1001", "+447700900124")).toBeNull();
    expect(await platform.findOrderByPhone("1001", "not a phone")).toBeNull();
    // An order without a phone is never found by one, and neither is another shop's order.
    expect(await platform.findOrderByPhone("1002", "+447700900123")).toBeNull();
    expect((await platform.findOrder("1002", "sam@example.com"))!.phones).toEqual([]);
    expect(await other.findOrderByPhone("1001", "+447700900123")).toBeNull();
  });

  it("reads a demo file's optional phone in E.164 and refuses one without its country code, naming the field", () => {
    const [withPhone, without] = parseDemoOrders(ORDERS);
    expect(withPhone!.phone).toBe("+447700900123");
    expect(without!.phone).toBeUndefined();
    expect(() => parseDemoOrders([{ ...ORDERS[1], phone: "not a phone" }])).toThrow('orders[0].phone: must be a phone number with its country code, such as "+14155550123", or null');
    expect(parseDemoOrders([{ ...ORDERS[1], phone: null }])[0]!.phone).toBeNull();
  });

  it("lets every ordered unit come back: the demo has no refunds of its own", async () => {
    const { platform } = await demoShop();
    expect(await platform.returnableQuantities(await order(platform))).toEqual({ "9001": 2, "9002": 1 });
  });

  it("names a requested return the same way every time the same request is made", async () => {
    const { platform } = await demoShop();
    const found = await order(platform);
    const first = await platform.requestReturn(found, lines);
    expect(first.platformReturnId).toMatch(/^demo-return-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await platform.requestReturn(found, lines)).toEqual(first);
    expect(await platform.requestReturn(found, [{ ...lines[0]!, quantity: 2 }])).not.toEqual(first);
  });

  it("approves, declines and processes without touching any order, one refund id per idempotency key", async () => {
    const { platform } = await demoShop();
    const found = await order(platform);
    const before = await db().demoOrder.findMany({ orderBy: { name: "asc" } });
    const { platformReturnId } = await platform.requestReturn(found, lines);

    await platform.approveReturn(platformReturnId, found);
    await platform.declineReturn(platformReturnId, found, "outside_window");
    const input = { platformReturnId, order: found, lines, resolution: "refund" as const, amount: "49.00", currency: "USD", idempotencyKey: "dokani-return-1" };
    const { refundId } = await platform.processReturn(input);

    expect(refundId).toMatch(/^demo-refund-[0-9a-f-]{36}$/);
    expect(await platform.processReturn(input)).toEqual({ refundId });
    expect((await platform.processReturn({ ...input, idempotencyKey: "dokani-return-2" })).refundId).not.toBe(refundId);
    expect(await platform.processReturn({ ...input, resolution: "exchange" })).toEqual({ refundId: null });
    expect(await db().demoOrder.findMany({ orderBy: { name: "asc" } })).toEqual(before);
  });

  it("refuses an empty return", async () => {
    const { platform } = await demoShop();
    await expect(platform.requestReturn(await order(platform), [])).rejects.toThrow(PlatformError);
  });

  it("refuses to pass on line items it cannot read", async () => {
    const { shop, platform } = await demoShop();
    await db().demoOrder.updateMany({ where: { shopId: shop.id, name: "#1001" }, data: { lineItems: [{ id: 9001, title: "Linen Shirt" }] } });
    await expect(platform.findOrder("1001", "alex@example.com")).rejects.toMatchObject({ name: "PlatformError", retryable: false });
  });
});

describe("uuidV5", () => {
  it("matches the RFC's name-based UUID for a DNS name", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
});
