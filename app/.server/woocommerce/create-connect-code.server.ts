import type { DbClient } from "../db.server";
import { CONNECT_CODE_TTL_MINUTES, generateConnectCode, hashConnectCode } from "./connect-code";

/**
 * Makes a one-time connect code, valid 15 minutes. Without `shopId` it connects a new WooCommerce
 * store (or reconnects the one already on the same address); with it, it can only reconnect that
 * shop. The code is returned once; only its hash is kept.
 */
export async function createConnectCode(client: DbClient, options: { label?: string | null; shopId?: string | null; now?: Date } = {}) {
  const code = generateConnectCode();
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + CONNECT_CODE_TTL_MINUTES * 60_000);
  const row = await client.connectCode.create({
    data: { codeHash: hashConnectCode(code), label: options.label?.trim().slice(0, 100) || null, shopId: options.shopId ?? null, expiresAt, createdAt: now },
    select: { id: true },
  });
  return { id: row.id, code, expiresAt };
}
