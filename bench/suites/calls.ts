import pg from "pg";
import { createFakeElevenLabs } from "../../tests/fakes/elevenlabs";
import { createFakeTavus } from "../../tests/fakes/tavus";
import { signProxyParams } from "../../app/.server/proxy/proxy-signature";
import { assistantState } from "../../app/.server/assistant/assistant-state.server";
import { connectElevenLabs, connectTavus } from "../../app/.server/calls/call-connections.server";
import { closeCallLimiters, resetCallLimiters } from "../../app/.server/calls/call-limits.server";
import { receiveElevenLabsWebhook } from "../../app/.server/calls/receive-call-webhook.server";
import { saveCallSettings } from "../../app/.server/calls/save-call-settings.server";
import { endWebCall } from "../../app/.server/calls/start-call.server";
import { closeChatLimiters } from "../../app/.server/channels/web-chat/chat-limiter.server";
import { startChatSession } from "../../app/.server/channels/web-chat/start-chat-session.server";
import { closeDatabase, openDatabase } from "../../app/.server/db.server";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { parseEnv, resetEnv, env } from "../../app/.server/env.server";
import { jobRegistry } from "../../app/.server/job-registry.server";
import { executeJob } from "../../app/.server/jobs/execute-job";
import { runInTransaction } from "../../app/.server/jobs/enqueue-job";
import { SYSTEM_ACTOR } from "../../app/.server/audit/record-audit";
import { action as startCallAction } from "../../app/routes/proxy.calls._index";
import { withDatabaseName } from "../scale-seed";
import { type Figure, type Suite, quantile, round } from "../figures";

const STARTS = Number(process.env.BENCH_CALLS_STARTS ?? 150);
const WARMUP = 20;
const POST_CALLS = Number(process.env.BENCH_CALLS_POST ?? 100);
const TURNS = 200;
const PUBLIC = "https://dokani.example.com";
const SECRET = "wsec_bench_secret";

async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

const DAY = 24 * 3600 * 1000;
const ORDERS = [
  {
    id: "7001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: new Date(Date.now() - 8 * DAY).toISOString(), deliveredAt: new Date(Date.now() - 5 * DAY).toISOString(),
    lineItems: [{ id: "L1", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] }],
  },
];

/** issue 18: starting a call from the storefront (to its join URL, context included) and storing a long call's post-call webhook, against zero-latency fakes. */
export const calls: Suite = {
  name: "calls",
  description: "issue 18: POST /proxy/calls to joinUrl (voice and video, context built) and a 200-turn post-call webhook to stored segments and messages, on PostgreSQL against local fakes",
  async run(): Promise<Figure[]> {
    const names = ["call start, POST /proxy/calls to joinUrl (video: context built from the chat)", "call start, POST /proxy/calls to joinUrl (voice: signed URL)", `post-call webhook with a ${TURNS}-turn transcript to stored segments and messages`];
    if (!process.env.DATABASE_URL) return names.map((name) => ({ issue: 18, name, unit: "ms" as const, samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL)" }));
    const scratch = `dokani_bench_calls_${Date.now().toString(36)}`;
    await adminQuery(`CREATE DATABASE "${scratch}"`);
    const eleven = await createFakeElevenLabs();
    const tavus = await createFakeTavus({ deliver: async () => undefined });
    const previous = process.env;
    try {
      const database = await openDatabase({ url: withDatabaseName(process.env.DATABASE_URL, scratch), migrate: true });
      resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: PUBLIC, ELEVENLABS_BASE_URL: eleven.url, TAVUS_BASE_URL: tavus.url }));
      resetCallLimiters();
      const prisma = database.prisma;
      const domain = `calls-bench-${Date.now().toString(36)}.myshopify.com`;
      const { shopId } = await seedDemoShop(prisma, { domain, orders: ORDERS });
      let shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
      const ctx = { shop, actor: SYSTEM_ACTOR };
      await connectElevenLabs(ctx, { apiKey: eleven.apiKey, webhookSecret: SECRET });
      await connectTavus(ctx, { apiKey: tavus.apiKey, replicaId: [...tavus.replicas][0]! });
      await saveCallSettings(ctx, { voiceEnabled: true, videoEnabled: true, maxConcurrentCalls: 50 });
      shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });

      /** A chat with a proved order, as a shopper would have before asking for a call. */
      const chat = async (i: number) => {
        const address = `198.51.${Math.floor(i / 250)}.${i % 250}`;
        const { session } = await startChatSession({ shop, actor: { type: "shopper" }, clientAddress: address }, { email: "alex@example.com", name: "Alex Doe" });
        const proved = { orderId: "7001", orderName: "#1001", email: "alex@example.com", verifiedAt: new Date().toISOString(), customerName: "Alex Doe" };
        await runInTransaction((tx) => assistantState.update(tx, shopId, session.id, () => ({ verifiedOrder: proved, verifiedOrders: [proved] })));
        await prisma.message.createMany({ data: [{ shopId, conversationId: session.id, role: "customer", text: "Can I talk to someone about my shirt?" }, { shopId, conversationId: session.id, role: "ai", text: "Of course. You can also call us." }] });
        return { session, address };
      };
      const request = (token: string, kind: "voice" | "video") => {
        const params = new URLSearchParams({ shop: domain, logged_in_customer_id: "", path_prefix: "/apps/dokani", timestamp: String(Math.floor(Date.now() / 1000)) });
        params.set("signature", signProxyParams(params, env().shopifyApiSecret));
        return new Request(`http://127.0.0.1:3000/proxy/calls?${params}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ kind }) });
      };
      const startSamples: Record<"voice" | "video", number[]> = { voice: [], video: [] };
      for (const kind of ["video", "voice"] as const) {
        for (let i = 0; i < STARTS + WARMUP; i++) {
          const { session, address } = await chat(kind === "video" ? i : STARTS + WARMUP + i);
          const t0 = performance.now();
          const response = await startCallAction({ request: request(session.token, kind), params: {}, context: { remoteAddress: address, requestId: "bench" } });
          const elapsed = performance.now() - t0;
          const body = (await response.json()) as { call?: { id: string; joinUrl: string } };
          if (response.status !== 201 || !body.call?.joinUrl) throw new Error(`POST /proxy/calls answered ${response.status}: ${JSON.stringify(body)}`);
          if (i >= WARMUP) startSamples[kind].push(elapsed);
          const conversation = await prisma.conversation.findUniqueOrThrow({ where: { id: session.id } });
          await endWebCall({ shop, actor: SYSTEM_ACTOR }, conversation, body.call.id);
        }
      }

      const postSamples: number[] = [];
      const answerSamples: number[] = [];
      const webhookUrl = `${PUBLIC}/webhooks/elevenlabs/${shopId}`;
      const turns = Array.from({ length: TURNS }, (_, t) => ({ role: (t % 2 ? "user" : "agent") as "user" | "agent", message: `Turn ${t}: ${t % 2 ? "I would like to know when my linen shirt arrives and whether I can still return it." : "Let me check that order for you; the return window is thirty days from delivery."}` }));
      for (let i = 0; i < POST_CALLS + WARMUP; i++) {
        const { session, address } = await chat(10_000 + i);
        const response = await startCallAction({ request: request(session.token, "voice"), params: {}, context: { remoteAddress: address, requestId: "bench" } });
        const { call } = (await response.json()) as { call: { id: string; joinUrl: string } };
        const conversationId = new URL(call.joinUrl).searchParams.get("conversation_id")!;
        eleven.finish(conversationId, { turns, durationSecs: TURNS * 4, summary: "Asked about delivery and returns." });
        const signed = eleven.postCall(webhookUrl, SECRET, conversationId);
        const t0 = performance.now();
        const answer = await receiveElevenLabsWebhook(signed, shopId);
        if (answer.status !== 200) throw new Error(`post-call webhook answered ${answer.status}`);
        const answered = performance.now() - t0;
        const row = await prisma.jobOutbox.findFirstOrThrow({ where: { name: "calls.record-event", status: "pending" } });
        const outcome = await executeJob(prisma, jobRegistry, row, 1);
        const elapsed = performance.now() - t0;
        if (outcome.status !== "completed") throw new Error(`calls.record-event ended ${outcome.status}`);
        await prisma.jobOutbox.update({ where: { id: row.id }, data: { status: "completed" } });
        if (i >= WARMUP) {
          postSamples.push(elapsed);
          answerSamples.push(answered);
        }
      }
      const segments = await prisma.callTranscriptSegment.count();
      if (segments !== (POST_CALLS + WARMUP) * TURNS) throw new Error(`expected ${(POST_CALLS + WARMUP) * TURNS} segments, found ${segments}`);

      const figure = (name: string, samples: number[], target: number, note: string): Figure => {
        const p95 = round(quantile(samples, 0.95));
        return { issue: 18, name, unit: "ms", median: round(quantile(samples, 0.5)), p95, samples: samples.length, target: `p95 ≤ ${target} ms`, met: p95 <= target, note };
      };
      return [
        figure(names[0]!, startSamples.video, 150, "proxy signature, chat token, rate limits, the shop's call lock and cap, context (proved order, open returns, recent messages, policy) gathered in parallel, Tavus conversation created; PostgreSQL, zero-latency local fake"),
        figure(names[1]!, startSamples.voice, 150, "as above with an ElevenLabs signed URL instead of the context; PostgreSQL, zero-latency local fake"),
        { issue: 18, name: "post-call webhook answered (verified, deduplicated, queued)", unit: "ms", median: round(quantile(answerSamples, 0.5)), p95: round(quantile(answerSamples, 0.95)), samples: answerSamples.length },
        figure(names[2]!, postSamples, 60, `signature checked on the raw body, deduplicated, queued, then the job: ${TURNS} segments and ${TURNS} messages in two multi-row INSERTs, call ended with its duration and summary; PostgreSQL`),
      ];
    } finally {
      resetEnv(previous.DOKANI_PUBLIC_URL === undefined ? undefined : parseEnv(process.env));
      await closeCallLimiters();
      await closeChatLimiters();
      await closeDatabase();
      await eleven.close();
      await tavus.close();
      await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  },
};
