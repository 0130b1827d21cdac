import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env.server";

/**
 * Key material. Everything derives from `DOKANI_SECRET` with HKDF, one key per purpose, so a token
 * key can never decrypt a stored secret. Outside production a secret is generated once and kept in
 * `DOKANI_DATA_DIR/secret` (mode 600) so the demo needs no configuration.
 */

const globalForKeys = globalThis as { __dokaniSecret?: string };

/** The app's master secret. */
export function appSecret(): string {
  if (globalForKeys.__dokaniSecret) return globalForKeys.__dokaniSecret;
  const e = env();
  let secret = e.DOKANI_SECRET;
  if (!secret) {
    if (e.mode === "production") throw new Error("DOKANI_SECRET is required in production");
    if (e.mode === "test") {
      secret = "test-secret-".padEnd(48, "x");
    } else {
      const file = path.join(e.dataDir, "secret");
      try {
        secret = readFileSync(file, "utf8").trim();
      } catch {
        // Processes started together (web instances, workers) may all find none: each writes its own
        // candidate and links it into place, which only the first one does; every one then reads that.
        mkdirSync(e.dataDir, { recursive: true });
        const candidate = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
        writeFileSync(candidate, randomBytes(32).toString("base64url"), { mode: 0o600 });
        try {
          linkSync(candidate, file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        } finally {
          rmSync(candidate, { force: true });
        }
        secret = readFileSync(file, "utf8").trim();
      }
    }
  }
  globalForKeys.__dokaniSecret = secret;
  return secret;
}

/** A 32-byte key for one purpose (`"secrets"`, `"tokens"`, ...). */
export function deriveKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret(), "dokani", purpose, 32));
}

const VERSION = "v1";

/** Encrypts with AES-256-GCM; the output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(plaintext: string, purpose = "secrets"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(purpose), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/** Decrypts what `encryptSecret` wrote; throws if it was tampered with or made with another key. */
export function decryptSecret(sealed: string, purpose = "secrets"): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("Unrecognised secret format");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** Lowercase hex SHA-256. */
export function sha256Hex(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Lowercase hex HMAC-SHA256. */
export function hmacHex(key: string | Buffer, value: string | Buffer): string {
  return createHmac("sha256", key).update(value).digest("hex");
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}
