import { randomBytes } from "node:crypto";
import { sha256Hex } from "../security/secrets.server";

/**
 * Connect codes are typed by a merchant into the WordPress plugin, so they are short, unambiguous
 * (Crockford base32, no I, L, O, U) and grouped: `DKN-7K3Q-9XMB-T2PV-4HRW` (80 bits). Only the
 * SHA-256 of the normalised code is stored.
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Minutes a connect code stays valid. */
export const CONNECT_CODE_TTL_MINUTES = 15;

/** A new random connect code. */
export function generateConnectCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from({ length: 16 }, (_, i) => ALPHABET[bytes[i]! % 32]).join("");
  return `DKN-${chars.match(/.{4}/g)!.join("-")}`;
}

/** The stored hash of a code as typed: case, spaces and dashes do not matter; I/L read as 1 and O as 0. */
export function hashConnectCode(typed: string): string {
  const normalised = typed
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/^DKN/, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return sha256Hex(`dokani-connect:${normalised}`);
}
