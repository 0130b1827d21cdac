/** The shopper's conversation kept across page loads: one localStorage entry per shop. */

/** What is kept: the session's id and token, the last message the shopper saw, ratings given. */
export type StoredSession = {
  id: string;
  token: string;
  /** The newest message shown while the panel was open; later ones count as unread. */
  lastSeenId?: string;
  /** The shop's greeting as the server sent it when the session started. */
  greeting?: string;
  /** Ids of satisfaction requests already answered. */
  rated?: string[];
};

/** The key of a shop's entry. */
export function sessionKey(shop: string): string {
  return `dokani-chat:${shop}`;
}

/** The page's localStorage, or null where the browser refuses it (privacy modes, sandboxed frames). */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The stored session of `shop`, or null when there is none or the entry is not one. */
export function readSession(storage: Storage | null, shop: string): StoredSession | null {
  try {
    const value = JSON.parse(storage?.getItem(sessionKey(shop)) ?? "null") as Partial<StoredSession> | null;
    if (!value || typeof value.id !== "string" || typeof value.token !== "string" || !value.id || !value.token) return null;
    return {
      id: value.id,
      token: value.token,
      ...(typeof value.lastSeenId === "string" ? { lastSeenId: value.lastSeenId } : {}),
      ...(typeof value.greeting === "string" ? { greeting: value.greeting } : {}),
      ...(Array.isArray(value.rated) ? { rated: value.rated.filter((r): r is string => typeof r === "string") } : {}),
    };
  } catch {
    return null;
  }
}

/** Stores `session` for `shop`; a full or refused storage only loses persistence, never the chat. */
export function writeSession(storage: Storage | null, shop: string, session: StoredSession): void {
  try {
    storage?.setItem(sessionKey(shop), JSON.stringify(session));
  } catch {
    // Quota or privacy mode: the conversation still works for this page.
  }
}

/** Forgets the stored session of `shop` (it went stale, or the shopper starts over). */
export function clearSession(storage: Storage | null, shop: string): void {
  try {
    storage?.removeItem(sessionKey(shop));
  } catch {
    // Nothing stored that could be read back.
  }
}

/** How many of `messages` (oldest first) came from the shop's side after `lastSeenId`. */
export function countUnread(messages: ReadonlyArray<{ id: string; role: string }>, lastSeenId: string | undefined): number {
  if (!lastSeenId) return 0;
  const seen = messages.findIndex((m) => m.id === lastSeenId);
  if (seen < 0) return 0;
  return messages.slice(seen + 1).filter((m) => m.role !== "customer").length;
}
