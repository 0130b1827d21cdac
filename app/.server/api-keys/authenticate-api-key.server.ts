import { db, type ApiKeyScope } from "../db.server";
import { AppError } from "../errors";
import { sha256Hex } from "../security/secrets.server";
import type { ShopContext } from "../shops/shop-context";
import { API_KEY_PATTERN } from "./create-api-key";

/** The merchant API's `ShopContext`: the key's shop, the key as the actor, and the key itself with its scope. */
export type ApiContext = ShopContext & { apiKey: { id: string; name: string; scope: ApiKeyScope } };

/** The message of a read key's refusal, shared by the REST routes and the MCP tools. */
export const READ_KEY_MESSAGE = "This API key can only read. Create a key with the write scope to make changes.";

/** Refuses a change made with a read key: 403 `insufficient_scope` (API.md "API keys carry a scope"). */
export function assertWriteScope(ctx: ApiContext) {
  if (ctx.apiKey.scope !== "write") throw new AppError("insufficient_scope", READ_KEY_MESSAGE);
}

/** Authenticates a merchant API request that changes something: a valid key that carries the write scope. */
export async function authenticateWriteKey(request: Request, now = new Date()): Promise<ApiContext> {
  const ctx = await authenticateApiKey(request, now);
  assertWriteScope(ctx);
  return ctx;
}

/** `lastUsedAt` is for a merchant's "last used" column, not an access log: once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="Dokani merchant API"' };

/**
 * Authenticates a merchant API request by its `Authorization: Bearer dk_...` key: the key's
 * SHA-256 must name a key that is not revoked, of a shop that is still installed. Missing,
 * malformed, unknown and revoked keys are all 401 `unauthorized`; only a missing header gets its
 * own message, so the answer tells a caller nothing about which keys exist.
 */
export async function authenticateApiKey(request: Request, now = new Date()): Promise<ApiContext> {
  return authenticateBearer(request.headers.get("authorization"), now);
}

/** The same check on an `Authorization` header value (the MCP endpoint reads it before the SDK does). */
export async function authenticateBearer(header: string | null, now = new Date()): Promise<ApiContext> {
  if (!header?.trim()) {
    throw new AppError("unauthorized", "Send your API key in the Authorization header: `Authorization: Bearer dk_...`.", { headers: CHALLENGE });
  }
  const invalid = new AppError("unauthorized", "This API key is not valid. Check it, or create a new one in the Dokani admin.", { headers: CHALLENGE });
  const match = /^Bearer +(\S{1,200})$/i.exec(header.trim());
  const key = match?.[1];
  if (!key || !API_KEY_PATTERN.test(key)) throw invalid;

  const row = await db().apiKey.findUnique({ where: { keyHash: sha256Hex(key) }, include: { shop: true } });
  if (!row || row.revokedAt || row.shop.uninstalledAt) throw invalid;

  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < stale) {
    // Conditional, so concurrent requests of the same minute still write once.
    await db().apiKey.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } });
  }
  return { shop: row.shop, apiKey: { id: row.id, name: row.name, scope: row.scope }, actor: { type: "api", id: row.id, name: row.name } };
}
