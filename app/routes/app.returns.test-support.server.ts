import { randomUUID } from "node:crypto";
import { db } from "../.server/db.server";
import type { Resolution, ReturnReason, ReturnStatus } from "../.server/returns/types";

/** A return built for the admin queue's tests: every field the queue filters on can be chosen. */
export async function queueReturn(
  shopId: string,
  options: {
    createdAt?: Date;
    status?: ReturnStatus;
    resolution?: Resolution;
    riskScore?: string | null;
    email?: string;
    name?: string | null;
    orderName?: string;
    reasons?: ReturnReason[];
    refundEstimate?: string;
    receivedAt?: Date | null;
  } = {},
) {
  const reasons = options.reasons ?? ["defective"];
  return db().returnRequest.create({
    data: {
      shopId,
      platformOrderId: randomUUID(),
      orderName: options.orderName ?? "#1001",
      orderProcessedAt: new Date("2026-11-01T10:00:00Z"),
      orderDeliveredAt: new Date("2026-11-04T10:00:00Z"),
      orderTotal: "98.00",
      currency: "USD",
      customerEmail: options.email ?? "alex@example.com",
      customerName: options.name === undefined ? "Alex Doe" : options.name,
      status: options.status ?? "pending_review",
      resolution: options.resolution ?? "refund",
      riskScore: options.riskScore === undefined ? "0.250" : options.riskScore,
      refundEstimate: options.refundEstimate ?? "49.00",
      receivedAt: options.receivedAt ?? null,
      createdAt: options.createdAt ?? new Date(),
      items: {
        create: reasons.map((reason, index) => ({ lineItemId: String(9000 + index), title: `Item ${index}`, quantity: 1, unitPrice: "49.00", reason })),
      },
    },
  });
}
