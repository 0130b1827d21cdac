import { signToken } from "../security/tokens.server";

/** A return link stays usable for half a year: long enough to follow the return to its end. */
export const RETURN_TOKEN_TTL_SECONDS = 180 * 24 * 3600;

/** The token that lets a shopper follow one return (its status page, photos and code). */
export function signReturnToken(shopId: string, returnId: string, nowMs = Date.now()) {
  return signToken("return", { s: shopId, r: returnId }, RETURN_TOKEN_TTL_SECONDS, nowMs);
}
