import { recordAudit } from "../audit/record-audit";
import type { PrismaClient } from "../db.server";
import { getPlatform } from "../platforms/get-platform.server";

/** Order statuses after which a return request no longer makes sense as it stands. */
const CLOSED_STATUSES = new Set(["cancelled", "refunded", "failed", "trash"]);
const OPEN_RETURN_STATUSES = ["pending_triage", "pending_review", "approved"] as const;

export type OrderUpdate = { shopId: string; orderId: string; topic: "order.updated" | "order.deleted"; status: string | null };

/**
 * The `woocommerce.order-updated` job: keeps Dokani's open returns true to what happened to the
 * order in WooCommerce. A cancelled, refunded or deleted order flags its open returns for the
 * merchant's review (a security event and an audit row each); a refund made in WooCommerce that
 * covers items of an open return is noted on that return. Each flag is written once however often
 * the order changes.
 */
export async function applyWooCommerceOrderUpdate(client: PrismaClient, update: OrderUpdate) {
  const shop = await client.shop.findFirst({ where: { id: update.shopId, platform: "woocommerce", uninstalledAt: null } });
  if (!shop) return { flagged: 0, noted: 0 };
  const returns = await client.returnRequest.findMany({
    where: { shopId: shop.id, platformOrderId: update.orderId, status: { in: [...OPEN_RETURN_STATUSES] } },
    include: { items: true },
  });
  if (!returns.length) return { flagged: 0, noted: 0 };

  let flagged = 0;
  let noted = 0;
  const closed = update.topic === "order.deleted" || (update.status !== null && CLOSED_STATUSES.has(update.status));
  if (closed) {
    const what = update.topic === "order.deleted" ? "deleted" : update.status!;
    for (const row of returns) {
      const kind = "woocommerce_order_closed";
      const known = await client.securityEvent.findFirst({ where: { shopId: shop.id, returnId: row.id, kind, resolvedAt: null }, select: { id: true } });
      if (known) continue;
      await client.$transaction(async (tx) => {
        await tx.securityEvent.create({ data: { shopId: shop.id, kind, severity: "medium", customerEmail: row.customerEmail, returnId: row.id, details: { orderName: row.orderName, orderStatus: what, message: `Order ${row.orderName} was ${what} in WooCommerce while this return is ${row.status.replace("_", " ")}: review it before refunding.` } } });
        await recordAudit(tx, { shopId: shop.id, entityType: "return", entityId: row.id, action: "platform.order_closed", actor: { type: "platform", id: "woocommerce", name: "WooCommerce" }, message: `The order was ${what} in WooCommerce. Review this return.`, data: { orderStatus: what } });
      });
      flagged++;
    }
    return { flagged, noted };
  }

  // Refunds made in WooCommerce itself: compare what the store still allows back with the open returns.
  const platform = await getPlatform(shop);
  const order = await platform.findOrder(returns[0]!.orderName, returns[0]!.customerEmail);
  if (!order || order.id !== update.orderId) return { flagged, noted };
  const left = await platform.returnableQuantities(order);
  const ordered = new Map(order.lineItems.map((line) => [line.id, line.quantity]));
  for (const row of returns) {
    const refundedItems = row.items
      .map((item) => ({ lineItemId: item.lineItemId, title: item.title, refunded: (ordered.get(item.lineItemId) ?? 0) - (left[item.lineItemId] ?? ordered.get(item.lineItemId) ?? 0) }))
      .filter((item) => item.refunded > 0);
    if (!refundedItems.length) continue;
    const signature = refundedItems.map((i) => `${i.lineItemId}:${i.refunded}`).join(",");
    const known = await client.auditLog.findFirst({ where: { shopId: shop.id, entityType: "return", entityId: row.id, action: "platform.refunded_outside", data: { path: ["refunded"], equals: signature } }, select: { id: true } });
    if (known) continue;
    await recordAudit(client, {
      shopId: shop.id,
      entityType: "return",
      entityId: row.id,
      action: "platform.refunded_outside",
      actor: { type: "platform", id: "woocommerce", name: "WooCommerce" },
      message: `Refunded in WooCommerce outside Dokani: ${refundedItems.map((i) => `${i.refunded} × ${i.title}`).join(", ")}. Check this return before completing it.`,
      data: { refunded: signature },
    });
    noted++;
  }
  return { flagged, noted };
}
