import { createHash } from "node:crypto";

/** Names the demo adapter's UUIDs: a fixed random namespace, as RFC 9562 suggests for version 5. */
export const DEMO_NAMESPACE = "3f1c9a52-7d4e-4b8a-9c61-0e2f5a7b8d90";

/** A name-based UUID (version 5: SHA-1 of namespace and name), so the same name always gives the same id. */
export function uuidV5(name: string, namespace: string = DEMO_NAMESPACE): string {
  const bytes = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
