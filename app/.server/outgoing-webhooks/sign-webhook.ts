import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * `Dokani-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`; while a
 * rotated-out secret is still valid, a second `v1=` signed with it follows.
 */
export function signatureHeader(body: string, secrets: readonly string[], timestampSeconds: number): string {
  const parts = [`t=${timestampSeconds}`];
  for (const secret of secrets) parts.push(`v1=${createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex")}`);
  return parts.join(",");
}

/** A receiver's check: some `v1` matches with `secret` and `t` is within `toleranceSeconds` of now. */
export function verifySignature(body: string, header: string, secret: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const fields = header.split(",").map((p) => p.trim().split("="));
  const t = Number(fields.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  return fields.some(([k, v]) => k === "v1" && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}
