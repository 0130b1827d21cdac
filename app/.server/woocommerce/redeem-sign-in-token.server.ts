import { recordAudit } from "../audit/record-audit";
import { db } from "../db.server";
import { AppError, isUniqueViolation } from "../errors";
import { randomToken, sha256Hex } from "../security/secrets.server";
import { verifyToken } from "../security/tokens.server";
import { ADMIN_SESSION_HOURS } from "./admin-session.server";

/**
 * Spends a sign-in link's token (its `jti` goes into used_tokens, whose primary key refuses a
 * second use) and opens an admin session for the store. Returns the session's cookie token, which
 * is stored only as its hash.
 */
export async function redeemSignInToken(token: unknown, nowMs = Date.now()) {
  const claims = verifyToken("admin_sign_in", token, nowMs);
  const shopId = String(claims.shopId ?? "");
  const jti = String(claims.jti ?? "");
  if (!/^[0-9a-f-]{36}$/.test(shopId) || !/^[0-9a-f-]{36}$/.test(jti)) throw new AppError("invalid_token", "This sign-in link is not valid.");
  const sessionToken = randomToken(32);
  try {
    return await db().$transaction(async (tx) => {
      await tx.usedToken.create({ data: { id: `admin_sign_in:${jti}`, purpose: "admin_sign_in", expiresAt: new Date(Number(claims.exp) * 1000) } });
      const shop = await tx.shop.findFirst({ where: { id: shopId, platform: "woocommerce", uninstalledAt: null }, select: { id: true } });
      if (!shop) throw new AppError("invalid_token", "This store is no longer connected to Dokani.");
      const session = await tx.adminSession.create({
        data: {
          shopId,
          tokenHash: sha256Hex(sessionToken),
          userName: typeof claims.name === "string" ? claims.name : null,
          userEmail: typeof claims.email === "string" ? claims.email : null,
          expiresAt: new Date(nowMs + ADMIN_SESSION_HOURS * 3600_000),
        },
      });
      await recordAudit(tx, { shopId, entityType: "admin_session", entityId: session.id, action: "signed_in", actor: { type: "merchant", id: session.userEmail, name: session.userName ?? "Store manager" } });
      return { sessionToken, shopId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "This sign-in link has already been used. Open Dokani again from your WordPress dashboard.");
    throw error;
  }
}
