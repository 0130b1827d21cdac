import { db, type ActorType, type DbClient } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

/** One entry of a return's timeline: what happened, who did it and when. */
export type TimelineEntry = {
  id: string;
  at: string;
  action: string;
  actor: { type: ActorType; id: string | null; name: string | null };
  message: string | null;
  /** Status change, when the action moved the return. */
  from: string | null;
  to: string | null;
};

/** Every audit row of one return of the shop, oldest first (the caller has already checked the return is the shop's). */
export async function getReturnTimeline(ctx: ShopContext, returnId: string, client: DbClient = db()): Promise<TimelineEntry[]> {
  const shopId = ctx.shop.id;
  const rows = await client.auditLog.findMany({
    where: { shopId, entityType: "return", entityId: returnId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map((row) => {
    const data = (row.data ?? {}) as { actorName?: unknown; from?: unknown; to?: unknown };
    return {
      id: row.id,
      at: row.createdAt.toISOString(),
      action: row.action,
      actor: { type: row.actorType, id: row.actorId, name: typeof data.actorName === "string" ? data.actorName : null },
      message: row.message,
      from: typeof data.from === "string" ? data.from : null,
      to: typeof data.to === "string" ? data.to : null,
    };
  });
}
