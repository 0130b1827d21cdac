import { z } from "zod";
import { db } from "../../db.server";
import { defineTool } from "./tool";
import { NOT_VERIFIED } from "./verified-order.server";

/** `get_return_status`: the returns of the proved order, and only those. */
export const getReturnStatusTool = defineTool({
  name: "get_return_status",
  description: "The returns already requested on the verified order.",
  args: z.object({}),
  async run(ctx) {
    const verified = ctx.verifiedOrder;
    if (!verified) return NOT_VERIFIED;
    const rows = await db().returnRequest.findMany({
      where: { shopId: ctx.shop.id, platformOrderId: verified.orderId, customerEmail: verified.email.toLowerCase() },
      orderBy: { createdAt: "desc" },
      take: 5,
      include: { items: { select: { title: true, quantity: true } } },
    });
    return {
      ok: true,
      result: {
        order: verified.orderName,
        returns: rows.map((r) => ({
          status: r.status,
          resolution: r.resolution,
          requestedAt: r.createdAt.toISOString(),
          items: r.items.map((i) => `${i.quantity} × ${i.title}`),
          explanation: r.decisionExplanation,
          refundEstimate: `${r.refundEstimate.toFixed(2)} ${r.currency}`,
        })),
      },
      summary: `${rows.length} returns on ${verified.orderName}`,
    };
  },
});
