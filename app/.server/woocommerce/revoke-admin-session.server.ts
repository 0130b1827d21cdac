import { db } from "../db.server";
import { sha256Hex } from "../security/secrets.server";
import { adminSessionToken } from "./admin-session.server";

/** Signs out: the request's admin session is revoked at once, whatever its cookie's lifetime. */
export async function revokeAdminSession(request: Request, now = new Date()): Promise<boolean> {
  const token = adminSessionToken(request);
  if (!token) return false;
  const revoked = await db().adminSession.updateMany({ where: { tokenHash: sha256Hex(token), revokedAt: null }, data: { revokedAt: now } });
  return revoked.count > 0;
}
