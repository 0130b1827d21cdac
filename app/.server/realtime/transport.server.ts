import { Redis } from "ioredis";
import pg from "pg";
import { z } from "zod";
import { ConversationEnvelopeSchema, messageEvent, type ConversationEnvelope } from "../conversations/conversation-event";
import { db } from "../db.server";
import { log } from "../logger.server";

/**
 * Carries conversation events between instances of Dokani (web processes behind a load balancer,
 * workers). Each instance publishes with its own id and ignores its own id coming back, since it
 * already delivered the event locally.
 */

/** Another instance changed something every instance caches (a shop's row, its active policy). */
export type CacheInvalidation = { scope: "shop" | "policy"; shopId: string };

/** A connection to the other instances. */
export type ConversationTransport = {
  kind: "redis" | "postgres";
  publish(envelope: ConversationEnvelope): Promise<void>;
  /** Tells the other instances to forget what they cached; resolves once the broker has taken it. */
  publishInvalidation(item: CacheInvalidation): Promise<void>;
  close(): Promise<void>;
};

export type TransportOptions = {
  redisUrl?: string;
  databaseUrl?: string;
  instanceId: string;
  /** Called with each event another instance published. */
  onEnvelope: (envelope: ConversationEnvelope) => void;
  /** Called with each cache invalidation another instance published. */
  onInvalidation?: (item: CacheInvalidation) => void;
};

export const REDIS_CHANNEL = "dokani:conversation-events";
export const PG_CHANNEL = "dokani_conversation_events";
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; larger events travel as a message id. */
export const MAX_NOTIFY_BYTES = 7_900;
/** Redis takes far larger messages; a bound keeps one burst from becoming one huge message. */
const MAX_REDIS_BYTES = 256_000;

const WireItem = z.union([
  z.object({ envelope: ConversationEnvelopeSchema }),
  z.object({ invalidate: z.object({ scope: z.enum(["shop", "policy"]), shopId: z.uuid() }) }),
  // A message too large for NOTIFY: the receiver reads it from the database.
  z.object({ shopId: z.uuid(), conversationId: z.uuid(), messageId: z.uuid() }),
]);
/** What travels: the events one instance published in one tick, sent together. */
const WireSchema = z.object({ origin: z.string(), items: z.array(WireItem) });
type WireItem = z.infer<typeof WireItem>;

async function decodeItem(item: Exclude<WireItem, { invalidate: unknown }>): Promise<ConversationEnvelope | null> {
  if ("envelope" in item) return item.envelope;
  const { shopId, conversationId, messageId } = item;
  const row = await db().message.findFirst({ where: { id: messageId, shopId, conversationId } });
  if (!row) return null;
  return { shopId, conversationId, event: messageEvent(row) };
}

function encodeItem(envelope: ConversationEnvelope, maxBytes: number): { item: WireItem; text: string } {
  const full = { envelope };
  const text = JSON.stringify(full);
  if (Buffer.byteLength(text) <= maxBytes || envelope.event.kind !== "message") return { item: full, text };
  const small = { shopId: envelope.shopId, conversationId: envelope.conversationId, messageId: envelope.event.message.id };
  return { item: small, text: JSON.stringify(small) };
}

/**
 * Packs the events published in one tick into as few payloads as fit `maxBytes` each, so a burst
 * (a thousand conversations updated at once) costs a few NOTIFYs or PUBLISHes rather than one each.
 */
function packPayloads(envelopes: ConversationEnvelope[], instanceId: string, maxBytes: number): string[] {
  const head = `{"origin":${JSON.stringify(instanceId)},"items":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = head.length + 2;
  for (const envelope of envelopes) {
    const { text } = encodeItem(envelope, maxBytes - head.length - 2);
    const size = Buffer.byteLength(text) + 1;
    if (parts.length && bytes + size > maxBytes) {
      payloads.push(`${head}${parts.join(",")}]}`);
      parts = [];
      bytes = head.length + 2;
    }
    parts.push(text);
    bytes += size;
  }
  if (parts.length) payloads.push(`${head}${parts.join(",")}]}`);
  return payloads;
}

/**
 * Collects publishes until the end of the tick, then sends them with `send` in packed payloads, one
 * payload after another (a pool would let two NOTIFYs overtake each other), so events keep their order.
 */
function batcher(instanceId: string, maxBytes: number, send: (payload: string) => Promise<unknown>) {
  let pending: Array<{ envelope: ConversationEnvelope; done: () => void; fail: (error: unknown) => void }> = [];
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    const payloads = packPayloads(
      batch.map((p) => p.envelope),
      instanceId,
      maxBytes,
    );
    sending = sending.then(async () => {
      try {
        for (const payload of payloads) await send(payload);
        batch.forEach((p) => p.done());
      } catch (error) {
        batch.forEach((p) => p.fail(error));
      }
    });
  };
  return (envelope: ConversationEnvelope) =>
    new Promise<void>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ envelope, done: resolve, fail: reject });
    });
}

function deliver(options: TransportOptions, raw: string) {
  // This instance's own events come back too: skip them before parsing the rest.
  if (raw.startsWith(`{"origin":${JSON.stringify(options.instanceId)},`)) return;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return;
  }
  const parsed = WireSchema.safeParse(json);
  if (!parsed.success || parsed.data.origin === options.instanceId) return;
  for (const item of parsed.data.items) {
    if ("invalidate" in item) {
      options.onInvalidation?.(item.invalidate);
      continue;
    }
    decodeItem(item)
      .then((envelope) => envelope && options.onEnvelope(envelope))
      .catch((error) => log().warn({ err: error }, "could not read a conversation event from another instance"));
  }
}

function invalidationPayload(instanceId: string, item: CacheInvalidation): string {
  return JSON.stringify({ origin: instanceId, items: [{ invalidate: item }] });
}

async function redisTransport(url: string, options: TransportOptions): Promise<ConversationTransport> {
  const settings = { maxRetriesPerRequest: 2, connectTimeout: 5_000, lazyConnect: true };
  const publisher = new Redis(url, settings);
  const subscriber = new Redis(url, settings);
  for (const client of [publisher, subscriber]) client.on("error", (error) => log().warn({ err: error }, "realtime Redis connection error"));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel === REDIS_CHANNEL) deliver(options, raw);
  });
  await subscriber.subscribe(REDIS_CHANNEL);
  const publish = batcher(options.instanceId, MAX_REDIS_BYTES, (payload) => publisher.publish(REDIS_CHANNEL, payload));
  return {
    kind: "redis",
    publish,
    async publishInvalidation(item) {
      await publisher.publish(REDIS_CHANNEL, invalidationPayload(options.instanceId, item));
    },
    async close() {
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}

async function postgresTransport(url: string, options: TransportOptions): Promise<ConversationTransport> {
  // LISTEN needs a connection of its own that stays open; NOTIFY goes through a second small one.
  const listener = new pg.Client({ connectionString: url });
  const notifier = new pg.Pool({ connectionString: url, max: 2 });
  notifier.on("error", () => {});
  listener.on("error", (error) => log().warn({ err: error }, "realtime PostgreSQL listener error"));
  await listener.connect();
  listener.on("notification", (message) => {
    if (message.channel === PG_CHANNEL && message.payload) deliver(options, message.payload);
  });
  await listener.query(`LISTEN ${PG_CHANNEL}`);
  const publish = batcher(options.instanceId, MAX_NOTIFY_BYTES, (payload) => notifier.query("SELECT pg_notify($1, $2)", [PG_CHANNEL, payload]));
  return {
    kind: "postgres",
    publish,
    async publishInvalidation(item) {
      await notifier.query("SELECT pg_notify($1, $2)", [PG_CHANNEL, invalidationPayload(options.instanceId, item)]);
    },
    async close() {
      await listener.query(`UNLISTEN ${PG_CHANNEL}`).catch(() => undefined);
      await Promise.allSettled([listener.end(), notifier.end()]);
    },
  };
}

/** A transport to the other instances: Redis when `redisUrl` is set, else PostgreSQL, else null. */
export async function createConversationTransport(options: TransportOptions): Promise<ConversationTransport | null> {
  if (options.redisUrl) return redisTransport(options.redisUrl, options);
  if (options.databaseUrl) return postgresTransport(options.databaseUrl, options);
  return null;
}
