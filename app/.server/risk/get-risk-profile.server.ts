import { z } from "zod";
import { db, type DbClient } from "../db.server";
import { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { toProfileView } from "./list-risk-profiles.server";
import { toSecurityEventView } from "./list-security-events.server";

const RETURNS_SHOWN = 100;
const EVENTS_SHOWN = 100;

/**
 * One customer's risk profile with their returns at this shop and their security events. A
 * malformed id, a missing profile and another shop's profile all answer the same `not_found`.
 */
export async function getRiskProfile(ctx: ShopContext, profileId: string, client: DbClient = db()) {
  const shopId = ctx.shop.id;
  const notFound = new AppError("not_found", "No such customer.");
  if (!z.uuid().safeParse(profileId).success) throw notFound;
  const profile = await client.customerRiskProfile.findFirst({ where: { id: profileId, shopId } });
  if (!profile) throw notFound;
  const [returns, events] = await Promise.all([
    client.returnRequest.findMany({
      where: { shopId, customerEmail: profile.email },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RETURNS_SHOWN,
      select: { id: true, orderName: true, status: true, resolution: true, refundEstimate: true, currency: true, riskScore: true, createdAt: true },
    }),
    client.securityEvent.findMany({
      where: { shopId, customerEmail: profile.email },
      include: { returnRequest: { select: { id: true, orderName: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: EVENTS_SHOWN,
    }),
  ]);
  return {
    profile: toProfileView(profile),
    returns: returns.map((r) => ({
      id: r.id,
      orderName: r.orderName,
      status: r.status,
      resolution: r.resolution,
      refundEstimate: r.refundEstimate.toFixed(2),
      currency: r.currency,
      riskScore: r.riskScore === null ? null : Number(r.riskScore.toString()),
      createdAt: r.createdAt.toISOString(),
    })),
    events: events.map(toSecurityEventView),
  };
}
