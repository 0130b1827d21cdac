import { z } from "zod";
import { db, type DbClient, type Prisma } from "../db.server";
import type { ShopContext } from "../shops/shop-context";

export const SECURITY_EVENT_PAGE_SIZE = 25;
export const SECURITY_EVENT_FILTERS = ["open", "resolved", "all"] as const;
export type SecurityEventFilter = (typeof SECURITY_EVENT_FILTERS)[number];

/** The query of the security events list: which events, an optional customer, a 1-based page. */
export const SecurityEventQuerySchema = z.object({
  status: z.enum(SECURITY_EVENT_FILTERS).catch("open"),
  email: z.string().trim().toLowerCase().max(254).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

type EventRow = Prisma.SecurityEventGetPayload<{ include: { returnRequest: { select: { id: true; orderName: true } } } }>;

/** The shape the admin shows of a security event. */
export function toSecurityEventView(row: EventRow) {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    customerEmail: row.customerEmail,
    returnId: row.returnId,
    returnOrderName: row.returnRequest?.orderName ?? null,
    conversationId: row.conversationId,
    details: (row.details ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
    resolvedBy: row.resolvedBy,
    resolution: row.resolution,
    resolutionNote: typeof (row.details as { resolutionNote?: unknown } | null)?.resolutionNote === "string" ? ((row.details as { resolutionNote: string }).resolutionNote) : null,
  };
}

export type SecurityEventView = ReturnType<typeof toSecurityEventView>;

/** A page of the shop's security events, newest first, filtered to open, resolved or all. */
export async function listSecurityEvents(ctx: ShopContext, raw: unknown, client: DbClient = db()) {
  const shopId = ctx.shop.id;
  const query = SecurityEventQuerySchema.parse(raw ?? {});
  const where: Prisma.SecurityEventWhereInput = {
    shopId,
    ...(query.status === "open" ? { resolvedAt: null } : query.status === "resolved" ? { resolvedAt: { not: null } } : {}),
    ...(query.email ? { customerEmail: query.email } : {}),
  };
  const [total, rows] = await Promise.all([
    client.securityEvent.count({ where }),
    client.securityEvent.findMany({
      where,
      include: { returnRequest: { select: { id: true, orderName: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * SECURITY_EVENT_PAGE_SIZE,
      take: SECURITY_EVENT_PAGE_SIZE,
    }),
  ]);
  const emails = [...new Set(rows.map((r) => r.customerEmail).filter((e): e is string => Boolean(e)))];
  const profiles = emails.length
    ? await client.customerRiskProfile.findMany({ where: { shopId, email: { in: emails } }, select: { id: true, email: true } })
    : [];
  const profileOf = new Map(profiles.map((p) => [p.email, p.id]));
  return {
    status: query.status,
    page: query.page,
    total,
    hasPrevious: query.page > 1,
    hasNext: query.page * SECURITY_EVENT_PAGE_SIZE < total,
    events: rows.map((row) => ({ ...toSecurityEventView(row), customerProfileId: row.customerEmail ? (profileOf.get(row.customerEmail) ?? null) : null })),
  };
}
