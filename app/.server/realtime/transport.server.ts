import { Redis } from "ioredis";
import pg from "pg";
import { z } from "zod";
import { db } from "../db.server";
import { log } from "../logger.server";
import type { ConversationEnvelope } from "./conversation-events.server";

/**
 * Carries conversation events between instances of Dokani (web processes behind a load balancer,
 * workers). Each instance publishes with its own id and ignores its own id coming back, since it
 * already delivered the event locally.
 */

/** A connection to the other instances. */
export type ConversationTransport = {
  kind: "redis" | "postgres";
  publish(envelope: ConversationEnvelope): Promise<void>;
  close(): Promise<void>;
};

export type TransportOptions = {
  redisUrl?: string;
  databaseUrl?: string;
  instanceId: string;
  /** Called with each event another instance published. */
  onEnvelope: (envelope: ConversationEnvelope) => void;
};

export const REDIS_CHANNEL = "dokani:conversation-events";
export const PG_CHANNEL = "dokani_conversation_events";
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; larger events travel as a message id. */
export const MAX_NOTIFY_BYTES = 7_900;

const Role = z.enum(["customer", "ai", "agent", "system"]);
const EnvelopeSchema = z.object({
  shopId: z.uuid(),
  conversationId: z.uuid(),
  event: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("message"),
      message: z.object({ id: z.string(), role: Role, text: z.string(), createdAt: z.string(), internal: z.boolean(), authorName: z.string().nullable() }),
    }),
    z.object({
      kind: z.literal("conversation"),
      conversation: z.object({
        id: z.string(),
        status: z.enum(["open", "pending", "snoozed", "closed"]),
        aiActive: z.boolean(),
        assigneeName: z.string().nullable(),
        unreadCount: z.number(),
      }),
    }),
  ]),
});
const WireSchema = z.union([
  z.object({ origin: z.string(), envelope: EnvelopeSchema }),
  // A message too large for NOTIFY: the receiver reads it from the database.
  z.object({ origin: z.string(), shopId: z.uuid(), conversationId: z.uuid(), messageId: z.uuid() }),
]);

async function decode(raw: string, instanceId: string): Promise<ConversationEnvelope | null> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = WireSchema.safeParse(json);
  if (!parsed.success || parsed.data.origin === instanceId) return null;
  if ("envelope" in parsed.data) return parsed.data.envelope as ConversationEnvelope;
  const { shopId, conversationId, messageId } = parsed.data;
  const row = await db().message.findFirst({ where: { id: messageId, shopId, conversationId } });
  if (!row) return null;
  return {
    shopId,
    conversationId,
    event: {
      kind: "message",
      message: { id: row.id, role: row.role, text: row.text, createdAt: row.createdAt.toISOString(), internal: row.internal, authorName: row.authorName },
    },
  };
}

function encode(envelope: ConversationEnvelope, instanceId: string, maxBytes: number): string {
  const full = JSON.stringify({ origin: instanceId, envelope });
  if (Buffer.byteLength(full) <= maxBytes || envelope.event.kind !== "message") return full;
  return JSON.stringify({ origin: instanceId, shopId: envelope.shopId, conversationId: envelope.conversationId, messageId: envelope.event.message.id });
}

function deliver(options: TransportOptions, raw: string) {
  decode(raw, options.instanceId)
    .then((envelope) => envelope && options.onEnvelope(envelope))
    .catch((error) => log().warn({ err: error }, "could not read a conversation event from another instance"));
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
  return {
    kind: "redis",
    async publish(envelope) {
      await publisher.publish(REDIS_CHANNEL, encode(envelope, options.instanceId, Number.POSITIVE_INFINITY));
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
  return {
    kind: "postgres",
    async publish(envelope) {
      await notifier.query("SELECT pg_notify($1, $2)", [PG_CHANNEL, encode(envelope, options.instanceId, MAX_NOTIFY_BYTES)]);
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
