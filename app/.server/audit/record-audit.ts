import type { ActorType, DbClient, Prisma } from "../db.server";

/** Who or what made a change: the rules, the AI, a merchant, an API key, the shopper, a platform or the system. */
export type Actor = { type: ActorType; id?: string | null; name?: string | null };

export const RULES_ACTOR: Actor = { type: "rules", id: null, name: "Return policy" };
export const SYSTEM_ACTOR: Actor = { type: "system", id: null, name: "Dokani" };

type AuditEntry = { shopId: string; entityType: string; entityId: string; action: string; actor: Actor; message?: string; data?: Prisma.InputJsonValue };

/** The audit row `recordAudit` writes, as plain values, for a change written in one statement (app/.server/returns/insert-return.server.ts). */
export function auditRow(entry: AuditEntry, id: string, at: Date) {
  return {
    id,
    shopId: entry.shopId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    message: entry.message ?? null,
    data: { ...(entry.actor.name ? { actorName: entry.actor.name } : {}), ...((entry.data as object | undefined) ?? {}) },
    createdAt: at,
  };
}

/** Appends one row to the audit log, with the caller's (transaction) client so it commits with the change. */
export async function recordAudit(
  client: DbClient,
  entry: { shopId: string; entityType: string; entityId: string; action: string; actor: Actor; message?: string; data?: Prisma.InputJsonValue },
) {
  await client.auditLog.create({
    data: {
      shopId: entry.shopId,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      message: entry.message ?? null,
      data: { ...(entry.actor.name ? { actorName: entry.actor.name } : {}), ...((entry.data as object | undefined) ?? {}) },
    },
  });
}
