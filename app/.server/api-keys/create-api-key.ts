import { randomBytes } from "node:crypto";
import type { ApiKeyScope, DbClient } from "../db.server";
import { sha256Hex } from "../security/secrets.server";

export const API_KEY_PATTERN = /^dk_[A-Za-z0-9_]{16,}$/;

/** A new random key: `dk_` and 40 hex digits (160 bits). */
export function generateApiKey(): string {
  return `dk_${randomBytes(20).toString("hex")}`;
}

/**
 * Creates a merchant API key for one shop. Only its SHA-256 is stored (a 160-bit random key needs
 * no slow hash); the key itself is returned once, to be shown once.
 */
export async function createApiKey(client: DbClient, shopId: string, options: { name: string; key?: string; createdBy?: string; scope?: ApiKeyScope }) {
  const key = options.key ?? generateApiKey();
  if (!API_KEY_PATTERN.test(key)) throw new Error("An API key must look like dk_ followed by at least 16 letters, digits or _");
  const row = await client.apiKey.create({
    data: { shopId, name: options.name, prefix: key.slice(0, 10), keyHash: sha256Hex(key), createdBy: options.createdBy ?? null, scope: options.scope ?? "write" },
    select: { id: true, prefix: true, createdAt: true, scope: true },
  });
  return { ...row, key };
}
