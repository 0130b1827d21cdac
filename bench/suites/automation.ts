import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import type { AutomationEvent } from "../../app/.server/automation/automation-event";
import { matchingRules, type EvaluableRule, type RuleFacts } from "../../app/.server/automation/evaluate-rules";
import { RuleDefinitionSchema } from "../../app/.server/automation/rule-schema";
import { closeDatabase, db, openDatabase } from "../../app/.server/db.server";
import { deliverWebhook, setWebhookNetworkPolicy } from "../../app/.server/outgoing-webhooks/deliver-webhook.server";
import { createEndpoint } from "../../app/.server/outgoing-webhooks/endpoints.server";
import { merchantActor } from "../../app/.server/shops/shop-context";
import { withDatabaseName } from "../scale-seed";
import { type Figure, type Suite, quantile, round } from "../figures";

const RULES = 200;
const MESSAGES = 2_000;
const DELIVERIES = 2_000;
const CONCURRENCY = 32;
/** Connections of the bench's pool (DATABASE_POOL_SIZE in production). */
const POOL = 16;

/** A seeded generator (mulberry32), so every run evaluates the same rules and messages. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["damaged", "broken", "refund", "late", "size", "exchange", "wrong item", "missing", "cracked", "where is my order", "invoice", "discount", "colour", "faulty", "torn"];
const CHANNELS = ["chat", "email", "whatsapp"] as const;

/** 200 enabled rules on the message trigger, a realistic mix of phrase lists, channels, tags, priorities, hours and nested groups. */
function buildRules(): EvaluableRule[] {
  const next = random(20);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const rules: EvaluableRule[] = [];
  for (let i = 0; i < RULES; i++) {
    const phrases = Array.from({ length: 3 + Math.floor(next() * 6) }, () => pick(WORDS));
    const definition = RuleDefinitionSchema.parse({
      trigger: next() < 0.5 ? { type: "message_received", channels: [pick(CHANNELS), pick(CHANNELS)] } : { type: "message_received" },
      conditions: {
        match: "all",
        conditions: [
          { type: "text_contains", any: phrases },
          { type: "group", match: "any", conditions: [{ type: "tag", has: false, tag: `t${i % 7}` }, { type: "priority", in: ["high", "urgent"] }, { type: "intent", in: ["return", "order_status"] }] },
          ...(next() < 0.3 ? [{ type: "business_hours", inside: next() < 0.5 }] : []),
          ...(next() < 0.3 ? [{ type: "order_value", op: "gte", amount: "100.00" }] : []),
          ...(next() < 0.2 ? [{ type: "language", in: ["en", "fr"] }] : []),
        ],
      },
      actions: [{ type: "add_tag", tag: `rule-${i}` }, { type: "set_priority", priority: pick(["low", "normal", "high", "urgent"] as const) }],
    });
    rules.push({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Rule ${i}`, definition });
  }
  return rules;
}

function buildMessages(): Array<{ event: Pick<AutomationEvent, "type" | "channel">; facts: RuleFacts }> {
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const filler = "Hello, I ordered last week and I am writing about my parcel. Could you please have a look and tell me what you can do? Thanks a lot for your help, best regards";
  return Array.from({ length: MESSAGES }, () => {
    const channel = pick(CHANNELS);
    const text = `${filler.slice(0, 40 + Math.floor(next() * 120))} ${next() < 0.4 ? pick(WORDS) : "question"} ${filler.slice(0, Math.floor(next() * 200))}`;
    return {
      event: { type: "message.received", channel },
      facts: { channel, text, intent: pick(["return", "question", "order_status"]), language: pick(["en", "fr", "de"]), tags: next() < 0.3 ? ["t1", "vip"] : [], priority: pick(["normal", "high"] as const), hasOpenReturn: next() < 0.2, riskBand: null, orderValueCents: Math.floor(next() * 30_000), insideBusinessHours: next() < 0.5 },
    };
  });
}

async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function measureDeliveries(): Promise<Figure> {
  const where = process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite";
  const scratch = process.env.DATABASE_URL ? `dokani_bench_automation_${Date.now().toString(36)}` : null;
  if (scratch) await adminQuery(`CREATE DATABASE "${scratch}"`);
  await openDatabase(scratch ? { url: withDatabaseName(process.env.DATABASE_URL!, scratch), migrate: true, poolSize: POOL } : { dataDir: "memory://", migrate: true });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const undo = setWebhookNetworkPolicy({ allowLoopback: true });
  try {
    const shop = await db().shop.create({ data: { platform: "demo", domain: `bench-${Date.now()}.myshopify.com`, name: "Bench" } });
    const { endpoint } = await createEndpoint({ shop, actor: merchantActor({ id: "bench", name: "Bench" }) }, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, events: ["return.created"] });
    const payload = { id: "", type: "return.created", createdAt: new Date().toISOString(), data: { return: { id: "r", status: "approved", orderName: "#1001", refundEstimate: "49.00", currency: "USD", items: [{ lineItemId: "1", title: "Linen Shirt", quantity: 1 }] } } };
    const rows = await db().endpointDelivery.createManyAndReturn({ data: Array.from({ length: DELIVERIES }, (_, i) => ({ shopId: shop.id, endpointId: endpoint.id, eventId: `bench:${i}`, eventType: "return.created", payload: { ...payload, id: `bench:${i}` } })), select: { id: true } });
    // Warm the connection pool and the receiver's keep-alive sockets.
    let probe = performance.now();
    for (const row of rows.slice(0, 20)) await deliverWebhook(db(), row.id);
    const sequentialMs = (performance.now() - probe) / 20;
    probe = performance.now();
    for (const row of rows.slice(20, 50)) await db().endpointDelivery.findUnique({ where: { id: row.id }, select: { id: true } });
    const queryMs = (performance.now() - probe) / 30;
    const ids = rows.slice(50).map((r) => r.id);
    let cursor = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < ids.length) {
          const id = ids[cursor++]!;
          const outcome = await deliverWebhook(db(), id);
          if (outcome !== "succeeded") failed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = round((ids.length - failed) / seconds, 0);
    return { issue: 20, name: "outgoing webhook deliveries to a local receiver", unit: "ops/s", value: rate, samples: ids.length, target: "≥ 500/s", met: rate >= 500, note: `${CONCURRENCY} at once, ${POOL} database connections; each read, signed, sent over HTTP keep-alive and logged (status, response time) on ${where}: two queries per delivery, one query ${round(queryMs, 1)} ms here, one delivery alone ${round(sequentialMs, 1)} ms${failed ? `; ${failed} attempts failed and would be retried` : ""}` };
  } finally {
    undo();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeDatabase();
    if (scratch) await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  }
}

/** issue 20: rule evaluation for one inbound message against 200 enabled rules, and outgoing webhook deliveries per second. */
export const automation: Suite = {
  name: "automation",
  description: "issue 20: rule evaluation with 200 enabled rules per inbound message; signed webhook deliveries to a local receiver",
  async run(): Promise<Figure[]> {
    const rules = buildRules();
    const messages = buildMessages();
    for (let i = 0; i < 2_000; i++) matchingRules(rules, messages[i % MESSAGES]!.event, messages[i % MESSAGES]!.facts);
    const samples: number[] = [];
    let matched = 0;
    for (let round = 0; round < 5; round++) {
      for (const { event, facts } of messages) {
        const t = performance.now();
        matched += matchingRules(rules, event, facts).length;
        samples.push(performance.now() - t);
      }
    }
    const p95 = round(quantile(samples, 0.95), 3);
    const evaluation: Figure = {
      issue: 20,
      name: "rule evaluation, one inbound message, 200 enabled rules",
      unit: "ms",
      median: round(quantile(samples, 0.5), 3),
      p95,
      samples: samples.length,
      target: "p95 ≤ 2 ms",
      met: p95 <= 2,
      note: `trigger, phrases, nested any/all groups, tags, hours, order value; ${round(matched / samples.length, 1)} rules matched per message on average`,
    };
    return [evaluation, await measureDeliveries()];
  },
};
