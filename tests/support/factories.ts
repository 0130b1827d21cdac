import { randomUUID } from "node:crypto";
import { db } from "../../app/.server/db.server";
import { putFile } from "../../app/.server/storage/file-storage.server";

/** A store; each call makes a new one unless a domain is given. */
export function createShop(overrides: { domain?: string; platform?: "shopify" | "demo" | "woocommerce"; name?: string } = {}) {
  return db().shop.create({
    data: {
      platform: overrides.platform ?? "shopify",
      domain: overrides.domain ?? `shop-${randomUUID().slice(0, 8)}.myshopify.com`,
      name: overrides.name ?? "Test Outfitters",
    },
  });
}

/** A return with one item and, optionally, a photo stored on disk. */
export async function createReturn(shopId: string, email: string, options: { orderId?: string; withPhoto?: boolean } = {}) {
  const created = await db().returnRequest.create({
    data: {
      shopId,
      platformOrderId: options.orderId ?? String(Math.floor(Math.random() * 1e9)),
      orderName: "#1001",
      orderProcessedAt: new Date("2026-11-01T10:00:00Z"),
      orderDeliveredAt: new Date("2026-11-04T10:00:00Z"),
      orderTotal: "98.00",
      currency: "USD",
      customerEmail: email,
      customerName: "Alex Doe",
      customerIp: "203.0.113.9",
      status: "pending_review",
      resolution: "refund",
      note: "The seams came apart after one wash",
      items: { create: [{ lineItemId: "9001", title: "Linen Shirt", quantity: 1, unitPrice: "49.00", reason: "defective", note: "see photo" }] },
    },
  });
  let photoKey: string | undefined;
  if (options.withPhoto) {
    const stored = await putFile(shopId, `${randomUUID()}.jpg`, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await db().evidenceFile.create({
      data: { shopId, returnId: created.id, storageKey: stored.key, mimeType: "image/jpeg", byteSize: 7, sha256: "0".repeat(64) },
    });
    photoKey = stored.key;
  }
  await db().auditLog.create({
    data: { shopId, entityType: "return", entityId: created.id, action: "created", actorType: "shopper", actorId: email, data: { email, note: created.note } },
  });
  return { ...created, photoKey };
}

/** A chat conversation with a shopper's message carrying a photo. */
export async function createConversation(shopId: string, email: string) {
  const conversation = await db().conversation.create({
    data: { shopId, customerEmail: email, customerName: "Alex Doe", messages: { create: [{ shopId, role: "customer", text: `Hi, I am ${email}` }] } },
    include: { messages: true },
  });
  const stored = await putFile(shopId, `${randomUUID()}.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await db().evidenceFile.create({
    data: { shopId, messageId: conversation.messages[0]!.id, storageKey: stored.key, mimeType: "image/png", byteSize: 4, sha256: "1".repeat(64) },
  });
  return { ...conversation, photoKey: stored.key };
}
