import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { Worker } from "node:worker_threads";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../../tests/fakes/openai";
import { webChatChannel } from "../../app/.server/channels/web-chat/web-chat-channel.server";
import { closeChatLimiters, consumeChatAllowance, resetChatLimiters } from "../../app/.server/channels/web-chat/chat-limiter.server";
import { startChatSession } from "../../app/.server/channels/web-chat/start-chat-session.server";
import { streamChatEvents } from "../../app/.server/channels/web-chat/stream-chat-events.server";
import { receiveMessage } from "../../app/.server/conversations/receive-message.server";
import { SHOPPER_ACTOR } from "../../app/.server/shops/shop-context";
import pg from "pg";
import { closeDatabase, openDatabase } from "../../app/.server/db.server";
import { withDatabaseName } from "../scale-seed";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { searchKnowledge } from "../../app/.server/knowledge/search-knowledge.server";
import { publishConversationEvent, startConversationTransport, stopConversationTransport } from "../../app/.server/realtime/conversation-events.server";
import { type Figure, type Suite, quantile, round } from "../figures";

const TURNS = 300;
const ARTICLES = 10_000;
const SEARCHES = 300;
const STREAMS = Number(process.env.BENCH_CHAT_STREAMS ?? 1000);
const ROUNDS = 5;

/**
 * The shoppers' side of the SSE figure, run in a worker: opens one stream a conversation, waits for each
 * stream's first `state` event, then for every round reports each stream's publish → receipt delay.
 * Parsing looks only for the publish time the event's text carries.
 */
const SSE_CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, ids } = workerData;
let waiting = ids.length, latencies = [], ready = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
for (const id of ids) {
  http.get({ host: "127.0.0.1", port, path: "/" + id, agent }, (res) => {
    res.setEncoding("utf8");
    let seenState = false;
    res.on("data", (chunk) => {
      const now = performance.timeOrigin + performance.now();
      if (!seenState && chunk.includes("event: state")) {
        seenState = true;
        if (++ready === ids.length) parentPort.postMessage({ kind: "ready" });
      }
      for (let at = chunk.indexOf("sent@"); at !== -1; at = chunk.indexOf("sent@", at + 5)) {
        latencies.push(now - Number.parseFloat(chunk.slice(at + 5, chunk.indexOf('"', at))));
        if (--waiting === 0) {
          parentPort.postMessage({ kind: "round", latencies });
          latencies = [];
          waiting = ids.length;
        }
      }
    });
  });
}
`;

/** Help-centre topics: the words an article of the topic uses, real ones shoppers search for. */
const TOPICS: string[][] = [
  ["shipping", "delivery", "courier", "parcel", "dispatch", "days", "express", "standard", "international", "customs"],
  ["returns", "return", "label", "window", "refund", "prepaid", "drop-off", "receipt", "condition", "unworn"],
  ["exchange", "size", "swap", "colour", "stock", "replacement", "policy", "credit", "difference", "store"],
  ["sizing", "fit", "measurements", "chest", "waist", "length", "chart", "inseam", "shoulder", "true"],
  ["merino", "wool", "care", "wash", "cold", "dry", "flat", "pilling", "knit", "sweater"],
  ["linen", "shirt", "wrinkle", "iron", "breathable", "summer", "weave", "dress", "trousers", "natural"],
  ["tracking", "number", "carrier", "status", "update", "email", "link", "delayed", "transit", "scan"],
  ["refund", "payment", "card", "bank", "processing", "original", "method", "credit", "days", "statement"],
  ["gift", "card", "voucher", "balance", "code", "redeem", "expiry", "digital", "recipient", "message"],
  ["warranty", "defect", "repair", "claim", "stitching", "zip", "seam", "manufacturing", "photo", "year"],
  ["order", "cancel", "change", "address", "confirmation", "checkout", "account", "guest", "invoice", "discount"],
  ["cotton", "organic", "denim", "jeans", "stretch", "shrink", "fade", "rinse", "jacket", "tee"],
  ["shoes", "sneakers", "boots", "sole", "leather", "suede", "insole", "half", "width", "lace"],
  ["packaging", "recycled", "plastic", "box", "sustainability", "carbon", "neutral", "mailer", "paper", "compostable"],
  ["time", "long", "take", "week", "business", "weekend", "holiday", "cut-off", "same-day", "next-day"],
];
/** Words every kind of article uses. */
const COMMON = ["we", "our", "you", "your", "please", "can", "will", "the", "a", "for", "with", "about", "team", "help", "question", "answer", "item", "items", "customer", "service", "contact", "within", "after", "before", "free", "cost", "free", "usually"];

/** mulberry32: a small seeded PRNG, so every run seeds the same articles. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Articles written from a vocabulary of about 3,000 words: the topics' real help-centre words, common
 * words, and made-up product and place names, drawn with a Zipf-like skew, so a query's words match
 * tens to hundreds of passages, as in a real help centre, rather than every article.
 */
export function seedArticles(count: number): Array<{ title: string; first: string; second: string }> {
  const random = prng(5);
  const syllables = ["ka", "lo", "mi", "ren", "tor", "va", "sel", "dun", "pra", "ix", "mon", "tel", "sor", "bri", "gan", "ul", "ves", "ora", "pim", "zet"];
  const invented = new Set<string>();
  while (invented.size < 2_800) invented.add(Array.from({ length: 2 + Math.floor(random() * 2) }, () => syllables[Math.floor(random() * syllables.length)]).join(""));
  const names = [...invented];
  const zipf = () => names[Math.floor(names.length * random() ** 2.2)]!;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const sentence = (topic: string[]) => {
    const words = Array.from({ length: 8 + Math.floor(random() * 8) }, () => {
      const r = random();
      return r < 0.12 ? pick(topic) : r < 0.45 ? pick(COMMON) : zipf();
    });
    return `${words.join(" ")}.`;
  };
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length]!;
    const other = TOPICS[Math.floor(random() * TOPICS.length)]!;
    const mixed = [...[...topic].sort(() => random() - 0.5).slice(0, 4), pick(other)];
    const title = `${pick(topic)} ${pick(topic)}: ${zipf()} ${zipf()}`;
    const text = (n: number) => Array.from({ length: n }, () => sentence(mixed)).join(" ");
    return { title: title[0]!.toUpperCase() + title.slice(1), first: text(3), second: text(4) };
  });
}

/** Runs one statement on the server's maintenance database (CREATE and DROP DATABASE). */
async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** issue 5: a chat turn's server overhead, knowledge search over 10,000 articles, and 1,000 open event streams. */
export const chat: Suite = {
  name: "chat",
  description: "issue 5: chat turn overhead (zero-latency fake model), knowledge search over 10,000 articles, 1,000 SSE streams",
  async run(): Promise<Figure[]> {
    const where = process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite";
    // On PostgreSQL the suite works in a database of its own, dropped at the end.
    const scratch = process.env.DATABASE_URL ? `dokani_bench_chat_${Date.now().toString(36)}` : null;
    if (scratch) await adminQuery(`CREATE DATABASE "${scratch}"`);
    const databaseUrl = scratch ? withDatabaseName(process.env.DATABASE_URL!, scratch) : undefined;
    const database = await openDatabase(databaseUrl ? { url: databaseUrl, migrate: true } : { dataDir: "memory://", migrate: true });
    const fake = new FakeOpenAI();
    const figures: Figure[] = [];
    // As in production: events also go to the other instances, through Redis when REDIS_URL is set, else PostgreSQL.
    const transport = await startConversationTransport({ redisUrl: process.env.REDIS_URL, databaseUrl });
    const bus = transport === "local" ? "" : `; ${transport} transport`;
    try {
      const prisma = database.prisma;
      const domain = `chat-bench-${Date.now().toString(36)}.myshopify.com`;
      const { shopId } = await seedDemoShop(prisma, { domain, orders: [] });
      const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
      resetChatLimiters();

      // 1. One chat turn with a model that answers at once: everything but the model is Dokani's time.
      fake.fallback = { text: "Happy to help with that.", pieces: 4 };
      const client = new OpenAI({ apiKey: FAKE_OPENAI_KEY, baseURL: await fake.start(), maxRetries: 0 });
      const turns: number[] = [];
      const modelOnly: number[] = [];
      for (let i = 0; i < TURNS + 30; i++) {
        const started = await startChatSession({ shop, actor: SHOPPER_ACTOR, clientAddress: `10.0.${i >> 8}.${i & 255}` }, { locale: "en" });
        const conversation = await prisma.conversation.findUniqueOrThrow({ where: { id: started.session.id } });
        const t0 = performance.now();
        // The web chat's path as its route takes it, less HTTP: parse, throttle, the inbound door, the streamed answer.
        const clientAddress = `10.1.${i >> 8}.${i & 255}`;
        const inbound = webChatChannel.parseInbound({ body: { text: `Hello, question ${i} about shipping` }, conversation, clientAddress });
        await consumeChatAllowance("message", { shopId: shop.id, sessionId: conversation.id, clientAddress });
        const received = await receiveMessage({ shop, actor: SHOPPER_ACTOR }, inbound, { openai: client });
        await received.answer!(() => {});
        const elapsed = performance.now() - t0;
        const m0 = performance.now();
        await (await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }], stream: true })).toReadableStream().getReader().read();
        if (i >= 30) {
          turns.push(elapsed);
          modelOnly.push(performance.now() - m0);
        }
      }
      const overhead = turns.map((t, i) => Math.max(0, t - modelOnly[i]!));
      figures.push({ issue: 5, name: `chat turn, zero-latency fake model: server overhead (${where})`, unit: "ms", median: round(quantile(overhead, 0.5)), p95: round(quantile(overhead, 0.95)), samples: overhead.length, target: "p95 ≤ 15 ms", met: quantile(overhead, 0.95) <= 15, note: `whole turn p95 ${round(quantile(turns, 0.95))} ms; the fake model's own HTTP round trip subtracted${bus}` });

      // 2. Knowledge search over 10,000 published articles (two passages each), seeded in bulk.
      const seed = seedArticles(ARTICLES);
      for (let from = 0; from < ARTICLES; from += 1_000) {
        const batch = seed.slice(from, from + 1_000);
        await prisma.$executeRawUnsafe(
          `INSERT INTO knowledge_articles ("id", "shopId", "title", "body", "status", "tags", "publishedAt", "updatedAt")
           SELECT gen_random_uuid(), $1::uuid, t, b, 'published', ARRAY['bench'], now(), now() FROM unnest($2::text[], $3::text[]) AS s(t, b)`,
          shopId,
          batch.map((a) => a.title),
          batch.map((a) => `${a.first}\n\n## Details\n${a.second}`),
        );
      }
      // Two passages an article, as chunkArticle would cut them: the opening under the title, then the details.
      await prisma.$executeRawUnsafe(`
        INSERT INTO knowledge_chunks ("id", "shopId", "articleId", "position", "heading", "text")
        SELECT gen_random_uuid(), a."shopId", a."id", p,
               CASE WHEN p = 0 THEN a."title" ELSE 'Details' END,
               CASE WHEN p = 0 THEN split_part(a."body", E'\n\n## Details\n', 1) ELSE split_part(a."body", E'\n\n## Details\n', 2) END
        FROM knowledge_articles a, generate_series(0, 1) p WHERE a."shopId" = $1::uuid AND a."tags" = ARRAY['bench']`, shopId);
      // As autovacuum leaves a table after a bulk load: statistics gathered and the GIN index's pending list merged.
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE knowledge_chunks`);
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE knowledge_articles`);
      const queries = ["how long does shipping take", "return a linen shirt", "merino care", "gift card refund", "tracking my delivery", "warranty for sizing", "exchange policy", "refund time"];
      const searches: number[] = [];
      for (let i = 0; i < SEARCHES + 20; i++) {
        const t0 = performance.now();
        await searchKnowledge(prisma, shopId, queries[i % queries.length]!, { limit: 5 });
        if (i >= 20) searches.push(performance.now() - t0);
      }
      const matched: number[] = [];
      for (const q of queries) {
        const [row] = await prisma.$queryRawUnsafe<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM knowledge_chunks WHERE "shopId" = $1::uuid AND "searchVector" @@ websearch_to_tsquery('english', $2)`,
          shopId,
          q,
        );
        matched.push(row!.n);
      }
      figures.push({ issue: 5, name: `knowledge search, ${ARTICLES} articles (${where})`, unit: "ms", median: round(quantile(searches, 0.5)), p95: round(quantile(searches, 0.95)), samples: searches.length, target: "p95 ≤ 10 ms", met: quantile(searches, 0.95) <= 10, note: `${ARTICLES * 2} passages; the ${queries.length} queries match ${Math.min(...matched)}–${Math.max(...matched)} passages (every word)` });

      // 3. Open event streams over HTTP: publish → receipt on every stream.
      const conversations = await prisma.conversation.findMany({ where: { shopId }, select: { id: true, shopId: true }, take: STREAMS });
      while (conversations.length < STREAMS) {
        const started = await startChatSession({ shop, actor: SHOPPER_ACTOR, clientAddress: `10.2.${conversations.length >> 8}.${conversations.length & 255}` }, {});
        conversations.push({ id: started.session.id, shopId });
      }
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const controller = new AbortController();
        res.on("close", () => controller.abort());
        const id = req.url!.slice(1);
        const body = streamChatEvents({ id, shopId }, { lastEventId: null, signal: controller.signal, attachmentUrl: (a) => a });
        res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
        void (async () => {
          const reader = body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            res.write(value);
          }
          res.end();
        })();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as AddressInfo).port;
      // The shoppers' side runs in a worker thread (a core of its own when there is one), so reading 1,000
      // streams does not queue behind the server's writes; each event carries its publish time (a clock both
      // threads share) and the worker reports one delay per stream per round.
      const worker = new Worker(SSE_CLIENT, { eval: true, workerData: { port, ids: conversations.map((c) => c.id) } });
      const fromWorker = (kind: string) => new Promise<{ kind: string; latencies?: number[] }>((resolve, reject) => {
        const onMessage = (m: { kind: string; latencies?: number[] }) => {
          if (m.kind !== kind) return;
          worker.off("message", onMessage);
          resolve(m);
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
      });
      await fromWorker("ready");
      const latencies: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const finished = fromWorker("round");
        for (const c of conversations) {
          const text = `sent@${performance.timeOrigin + performance.now()}`;
          void publishConversationEvent(shopId, c.id, { kind: "message", message: { id: crypto.randomUUID(), role: "agent", text, createdAt: new Date().toISOString(), internal: false, authorName: "Kim" } });
        }
        latencies.push(...((await finished).latencies ?? []));
      }
      await worker.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      figures.push({ issue: 5, name: `${STREAMS} open SSE streams over HTTP: publish → receipt`, unit: "ms", median: round(quantile(latencies, 0.5)), p95: round(quantile(latencies, 0.95)), samples: latencies.length, target: "p95 ≤ 100 ms", met: quantile(latencies, 0.95) <= 100, note: `${ROUNDS} rounds, one event to every stream per round; streams read by a worker thread; in-process bus${bus}` });
      return figures;
    } finally {
      await fake.stop();
      await stopConversationTransport();
      await closeChatLimiters();
      await closeDatabase();
      if (scratch) await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  },
};
