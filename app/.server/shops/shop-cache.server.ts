import type { Shop } from "../db.server";
import { env } from "../env.server";
import { publishCacheInvalidation, subscribeCacheInvalidations } from "../realtime/conversation-events.server";

/**
 * Per-process caches for the storefront's hot path: a shop's rows by domain (every proxy request
 * authenticates against them) and by id (each step of a return's follow-up job needs it), and its
 * active policy (every lookup and return is decided by it).
 * A change calls `shopChanged` after it commits: this instance forgets at once and every other
 * instance through the event transport before the change's request is answered. Entries also
 * expire on their own, which bounds how long an instance can lag if a message is ever lost.
 */

const TTL_MS = 30_000;

type Entry<T> = { value: T; expires: number };
type CacheState = {
  shops: Map<string, Entry<Shop[]>>;
  byId: Map<string, Entry<Shop | null>>;
  policies: Map<string, Entry<unknown>>;
  /** Bumped by every invalidation: a load that started before one does not store what it read. */
  generation: number;
  enabled: boolean | null;
  unsubscribe: (() => void) | null;
};

const globalForCache = globalThis as { __dokaniShopCache?: CacheState };
const state: CacheState = (globalForCache.__dokaniShopCache ??= { shops: new Map(), byId: new Map(), policies: new Map(), generation: 0, enabled: null, unsubscribe: null });

function enabled(): boolean {
  // Tests rewrite shops and policies straight in the database between requests: they read through.
  state.enabled ??= env().mode !== "test";
  if (state.enabled && !state.unsubscribe) state.unsubscribe = subscribeCacheInvalidations(({ scope, shopId }) => forget(scope, shopId));
  return state.enabled;
}

function forget(scope: "shop" | "policy", shopId: string) {
  state.generation++;
  state.policies.delete(shopId);
  if (scope === "policy") return;
  state.byId.delete(shopId);
  for (const [domain, entry] of state.shops) {
    if (entry.value.some((shop) => shop.id === shopId)) state.shops.delete(domain);
  }
}

async function cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
  if (!enabled()) return load();
  const hit = map.get(key);
  const now = Date.now();
  if (hit && hit.expires > now) return hit.value;
  const generation = state.generation;
  const value = await load();
  if (generation === state.generation && keep(value)) map.set(key, { value, expires: now + TTL_MS });
  return value;
}

/** The installed shops with this domain (a Shopify and a WooCommerce store may share one), cached. */
export function cachedShopsForDomain(domain: string, load: () => Promise<Shop[]>): Promise<Shop[]> {
  // An unknown domain is not remembered: a store installing right now must work at once.
  return cached(state.shops, domain, load, (shops) => shops.length > 0);
}

/** A shop's row by id (what a return's follow-up steps read again and again), cached; a missing shop is not remembered. */
export function cachedShopById(shopId: string, load: () => Promise<Shop | null>): Promise<Shop | null> {
  return cached(state.byId, shopId, load, (shop) => shop !== null);
}

/** The shop's active policy, cached; `load` answers it or throws (a shop with none is not remembered). */
export function cachedActivePolicy<T>(shopId: string, load: () => Promise<T>): Promise<T> {
  return cached(state.policies as Map<string, Entry<T>>, shopId, load, () => true);
}

/**
 * Call after a change to a shop's row (`"shop"`: settings, secrets, uninstall) or to which policy
 * version is active (`"policy"`) has committed.
 */
export function shopChanged(shopId: string, scope: "shop" | "policy"): Promise<void> {
  forget(scope, shopId);
  return publishCacheInvalidation({ scope, shopId });
}

/** Turns the caches on or off for this process (tests of the caches themselves) and empties them. */
export function setShopCacheEnabled(on: boolean) {
  state.enabled = on;
  state.shops.clear();
  state.byId.clear();
  state.policies.clear();
  state.generation++;
}
