import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup } from "node:dns";

/**
 * Server-side request forgery guard for outgoing webhooks: an endpoint's host must resolve only to
 * public addresses, checked when it is registered, before each delivery, and again when the socket
 * connects (through `lookup`), so a name that changes its answer (DNS rebinding) cannot reach a
 * private address. Loopback is allowed only where `allowLoopback` says (the demo).
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24],
  ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8], ["2001:db8::", 32], ["100::", 64]] as const) blocked.addSubnet(net, prefix, "ipv6");

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** The IPv4 address an IPv6 one carries (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::`, 6to4 `2002:`), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  const pair = hex ?? sixToFour;
  if (!pair) return null;
  const a = parseInt(pair[1]!, 16);
  const b = parseInt(pair[2]!, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = isIP(address) === 6 ? embeddedIpv4(address) : address;
  if (v4 && isIP(v4) === 4) return loopback.check(v4, "ipv4");
  return isIP(address) === 6 && loopback.check(address, "ipv6");
}

/** Whether an address is private, loopback, link-local, reserved or multicast (never a webhook's). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

export type Resolved = { address: string; family: 4 | 6 };
/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<Resolved[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))))));

/** Where webhooks may go; tests and the bench replace the resolver, the demo allows loopback. */
export type NetworkPolicy = { allowLoopback: boolean; resolver: Resolver };

export class ForbiddenDestination extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenDestination";
  }
}

function allowed(address: string, policy: NetworkPolicy): boolean {
  if (!isForbiddenAddress(address)) return true;
  return policy.allowLoopback && isLoopbackAddress(address);
}

/** The checked addresses of a host; throws `ForbiddenDestination` when any is forbidden or none resolves. */
export async function resolvePublic(hostname: string, policy: NetworkPolicy): Promise<Resolved[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  let addresses: Resolved[];
  if (family) addresses = [{ address: bare, family: family as 4 | 6 }];
  else {
    try {
      addresses = await policy.resolver(bare);
    } catch {
      throw new ForbiddenDestination(`${bare} does not resolve`);
    }
  }
  if (!addresses.length) throw new ForbiddenDestination(`${bare} does not resolve`);
  const bad = addresses.find((a) => !allowed(a.address, policy));
  if (bad) throw new ForbiddenDestination(`${bare} resolves to ${bad.address}, a private, loopback or link-local address`);
  return addresses;
}

/** A `lookup` for http(s).request that resolves through the policy and refuses forbidden addresses at connect time. */
export function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: { all?: boolean } | number, callback: (...args: unknown[]) => void) => {
    const all = typeof options === "object" && options?.all;
    resolvePublic(hostname, policy).then(
      (addresses) => (all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (error) => callback(error),
    );
  };
}

/** Why a URL cannot be an endpoint (scheme, credentials, host), or null; the host's addresses are checked apart. */
export function urlProblem(raw: string, policy: Pick<NetworkPolicy, "allowLoopback">): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be a web address such as https://example.com/webhooks";
  }
  if (url.username || url.password) return "must not carry a user name or password";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const loopbackHost = host === "localhost" || (isIP(host) !== 0 && isLoopbackAddress(host));
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && policy.allowLoopback && loopbackHost) return null;
  return url.protocol === "http:" ? "must use https:// (webhooks carry shoppers' data)" : "must start with https://";
}
