import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import { log } from "../logger.server";
import type { ConversationEnvelope, ConversationEvent } from "../conversations/conversation-event";
import type { CacheInvalidation, ConversationTransport } from "./transport.server";

type Listener = (envelope: ConversationEnvelope) => void;

type RealtimeState = { local: EventEmitter; transport: ConversationTransport | null; instanceId: string };
// One bus per process, shared by the server, the Remix bundle and the job runner.
const globalForRealtime = globalThis as { __dokaniRealtime?: RealtimeState };
const state: RealtimeState = (globalForRealtime.__dokaniRealtime ??= {
  local: new EventEmitter().setMaxListeners(0),
  transport: null,
  instanceId: randomUUID(),
});

/**
 * Sends an event to everyone watching the conversation (the shopper's stream, the inbox). Call it
 * after the change has committed. Listeners of this instance get it at once; with a transport
 * (Redis pub/sub or PostgreSQL LISTEN/NOTIFY, see `startConversationTransport`) every other
 * instance gets it too. A transport failure is logged, never thrown: the change is already saved.
 */
export async function publishConversationEvent(shopId: string, conversationId: string, event: ConversationEvent): Promise<void> {
  const envelope = { shopId, conversationId, event };
  deliverLocally(envelope);
  if (!state.transport) return;
  try {
    await state.transport.publish(envelope);
  } catch (error) {
    log().warn({ err: error, conversationId }, "conversation event not sent to other instances");
  }
}

/** Hands an envelope to this instance's listeners (a transport calls this for events from other instances). */
export function deliverLocally(envelope: ConversationEnvelope) {
  state.local.emit(`conversation:${envelope.conversationId}`, envelope);
  state.local.emit(`shop:${envelope.shopId}`, envelope);
}

/** Calls `listener` for each event of one conversation until the returned function is called. */
export function subscribeConversation(conversationId: string, listener: Listener): () => void {
  const channel = `conversation:${conversationId}`;
  state.local.on(channel, listener);
  return () => state.local.off(channel, listener);
}

/** Calls `listener` for each event of every conversation of a shop (the inbox list) until unsubscribed. */
export function subscribeShopConversations(shopId: string, listener: Listener): () => void {
  const channel = `shop:${shopId}`;
  state.local.on(channel, listener);
  return () => state.local.off(channel, listener);
}

/**
 * Tells every instance (this one at once, the others through the transport) to forget what it
 * cached of a shop. Call it after the change has committed; it resolves once the other instances'
 * broker has the message, so a request answered after it finds every instance up to date. A
 * transport failure is logged: the caches' own expiry then bounds how long an instance lags.
 */
export async function publishCacheInvalidation(item: CacheInvalidation): Promise<void> {
  state.local.emit("cache:invalidate", item);
  if (!state.transport) return;
  try {
    await state.transport.publishInvalidation(item);
  } catch (error) {
    log().warn({ err: error, ...item }, "cache invalidation not sent to other instances");
  }
}

/** Calls `listener` for each cache invalidation, from this instance or another, until unsubscribed. */
export function subscribeCacheInvalidations(listener: (item: CacheInvalidation) => void): () => void {
  state.local.on("cache:invalidate", listener);
  return () => state.local.off("cache:invalidate", listener);
}

/** This process's id on the transport, so it can skip its own events coming back. */
export function realtimeInstanceId(): string {
  return state.instanceId;
}

/**
 * Connects this process to the other instances: Redis pub/sub with `redisUrl`, else PostgreSQL
 * LISTEN/NOTIFY with `databaseUrl`, else nothing (one process: the in-process bus is enough).
 * Returns the kind started.
 */
export async function startConversationTransport(options: { redisUrl?: string; databaseUrl?: string }): Promise<"redis" | "postgres" | "local"> {
  await stopConversationTransport();
  const { createConversationTransport } = await import("./transport.server");
  const transport = await createConversationTransport({
    ...options,
    instanceId: state.instanceId,
    onEnvelope: deliverLocally,
    onInvalidation: (item) => state.local.emit("cache:invalidate", item),
  });
  state.transport = transport;
  return transport?.kind ?? "local";
}

/** Disconnects from the other instances (server shutdown); local delivery goes on. */
export async function stopConversationTransport() {
  const transport = state.transport;
  state.transport = null;
  await transport?.close();
}
