/**
 * The client's address from the connection and `X-Forwarded-For`, trusting only the proxies in
 * front of Dokani. Each trusted proxy appends the address it received the request from, so the
 * chain read right to left is: the connecting peer (the nearest proxy), then what each trusted
 * proxy added. With `trustedHops` proxies, the client is the entry `trustedHops` places left of
 * the peer; anything further left was written by the client and is never used. With fewer entries
 * than that, the left-most one is the best known (a proxy that overwrote the header).
 */
export function clientAddressFrom(forwardedFor: string | null | undefined, peerAddress: string | null | undefined, trustedHops: number): string {
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  chain.push(peerAddress || "unknown");
  const index = Math.max(0, chain.length - 1 - Math.max(0, trustedHops));
  return normalizeAddress(chain[index]!).slice(0, 64);
}

/** `::ffff:203.0.113.9` and `203.0.113.9` are one client; a port some proxies append is dropped. */
function normalizeAddress(address: string): string {
  let value = address.trim();
  if (value.startsWith("::ffff:") && value.includes(".")) value = value.slice(7);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  if (v4WithPort) return v4WithPort[1]!;
  return value;
}
