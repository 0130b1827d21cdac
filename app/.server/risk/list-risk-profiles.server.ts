import { z } from "zod";
import { db, type DbClient } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

export const RISK_PROFILE_PAGE_SIZE = 25;

/** The query of the customers list: an optional email search and a 1-based page. */
export const RiskProfileQuerySchema = z.object({
  q: z.string().trim().toLowerCase().max(254).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type RiskProfileQuery = z.infer<typeof RiskProfileQuerySchema>;

/**
 * A page of the shop's customer risk profiles, riskiest first (the (shopId, riskScore desc) index),
 * optionally narrowed to emails containing `q`. Money stays a decimal string, the score a number.
 */
export async function listRiskProfiles(ctx: ShopContext, raw: unknown, client: DbClient = db()) {
  const shopId = ctx.shop.id;
  const query = RiskProfileQuerySchema.parse(raw ?? {});
  // Prisma hands `contains` to LIKE as it is, so the wildcards a merchant types must match themselves.
  const pattern = query.q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = { shopId, ...(query.q ? { email: { contains: pattern, mode: "insensitive" as const } } : {}) };
  const [total, rows] = await Promise.all([
    client.customerRiskProfile.count({ where }),
    client.customerRiskProfile.findMany({
      where,
      orderBy: [{ riskScore: "desc" }, { email: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * RISK_PROFILE_PAGE_SIZE,
      take: RISK_PROFILE_PAGE_SIZE,
    }),
  ]);
  return {
    q: query.q,
    page: query.page,
    total,
    pageCount: Math.max(1, Math.ceil(total / RISK_PROFILE_PAGE_SIZE)),
    hasPrevious: query.page > 1,
    hasNext: query.page * RISK_PROFILE_PAGE_SIZE < total,
    profiles: rows.map(toProfileView),
  };
}

/** The shape the admin shows of a profile: exact money as a string, score as a 0–1 number. */
export function toProfileView(row: {
  id: string;
  email: string;
  orderCount: number;
  returnCount: number;
  deniedCount: number;
  returnedValue: { toFixed(digits: number): string };
  riskScore: { toString(): string };
  flags: string[];
  lastReturnAt: Date | null;
}) {
  return {
    id: row.id,
    email: row.email,
    orderCount: row.orderCount,
    returnCount: row.returnCount,
    deniedCount: row.deniedCount,
    returnedValue: row.returnedValue.toFixed(2),
    riskScore: Number(row.riskScore.toString()),
    flags: row.flags,
    lastReturnAt: row.lastReturnAt ? row.lastReturnAt.toISOString() : null,
  };
}

export type RiskProfileView = ReturnType<typeof toProfileView>;
