import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type DbClient } from "../db.server";
import { AppError, validationError } from "../errors";
import type { ShopContext } from "../shops/shop-context";

/** How a merchant can close a security event. */
export const SECURITY_EVENT_RESOLUTIONS = ["legitimate", "fraud_confirmed", "blocked_customer", "false_positive"] as const;

/** What the merchant sends to resolve an event: a resolution from the list and an optional note. */
export const ResolveSecurityEventSchema = z.object({
  eventId: z.string({ error: "Choose an event to resolve." }).trim(),
  resolution: z.enum(SECURITY_EVENT_RESOLUTIONS, { error: "Choose how this event was resolved." }),
  note: z
    .string()
    .trim()
    .max(1000, "must be at most 1000 characters")
    .optional()
    .transform((v) => (v ? v : undefined)),
});

/**
 * Resolves one of the shop's open security events: records when, by whom and how, with an audit
 * row, in one transaction. Another shop's event answers like a missing one; an event resolved
 * already is a `conflict`, so a second click never overwrites the first merchant's judgement.
 */
export async function resolveSecurityEvent(ctx: ShopContext, raw: unknown, client: DbClient = db()) {
  const shopId = ctx.shop.id;
  const { actor } = ctx;
  const now = new Date();
  const parsed = ResolveSecurityEventSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "Choose how this event was resolved.");
  const { eventId, resolution, note } = parsed.data;
  const notFound = new AppError("not_found", "No such security event.");
  if (!z.uuid().safeParse(eventId).success) throw notFound;

  const run = async (tx: DbClient) => {
    const event = await tx.securityEvent.findFirst({ where: { id: eventId, shopId } });
    if (!event) throw notFound;
    const alreadyResolved = new AppError("conflict", "This security event is already resolved.");
    if (event.resolvedAt) throw alreadyResolved;
    const details = { ...((event.details ?? {}) as Record<string, unknown>), ...(note ? { resolutionNote: note } : {}) };
    // Guarded on `resolvedAt: null`, so of two merchants resolving at once only the first one counts.
    const updated = await tx.securityEvent.updateMany({
      where: { id: eventId, shopId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: actor.name ?? actor.id ?? actor.type, resolution, details },
    });
    if (!updated.count) throw alreadyResolved;
    await recordAudit(tx, {
      shopId,
      entityType: "security_event",
      entityId: eventId,
      action: "resolved",
      actor,
      message: note,
      data: { resolution, ...(note ? { note } : {}) },
    });
    return tx.securityEvent.findUniqueOrThrow({ where: { id: eventId } });
  };
  return "$transaction" in client ? client.$transaction((tx) => run(tx)) : run(client);
}
