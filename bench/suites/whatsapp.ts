import { randomBytes } from "node:crypto";
import pg from "pg";
import { twilioSignature } from "../../tests/fakes/twilio";
import { receiveWhatsAppWebhook } from "../../app/.server/channels/whatsapp/receive-whatsapp-message.server";
import { closeDatabase, openDatabase } from "../../app/.server/db.server";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../../app/.server/env.server";
import { saveIntegration } from "../../app/.server/integrations/integrations.server";
import { withDatabaseName } from "../scale-seed";
import { type Figure, type Suite, quantile, round } from "../figures";

const MESSAGES = 600;
const WARMUP = 50;
const SENDERS = 60;
const PUBLIC = "https://dokani.example.com";

async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** issue 17: Twilio's inbound WhatsApp webhook, as its route runs it: signature, dedupe, store, the assistant's job queued. */
export const whatsapp: Suite = {
  name: "whatsapp",
  description: "issue 17: inbound WhatsApp webhook (signature, dedupe, store, job queued) on PostgreSQL",
  async run(): Promise<Figure[]> {
    const name = "inbound WhatsApp webhook (signature, dedupe, store, job queued)";
    if (!process.env.DATABASE_URL) return [{ issue: 17, name, unit: "ms", samples: 0, note: "skipped: needs DATABASE_URL (PostgreSQL)" }];
    const scratch = `dokani_bench_whatsapp_${Date.now().toString(36)}`;
    await adminQuery(`CREATE DATABASE "${scratch}"`);
    const previousEnv = process.env.DOKANI_PUBLIC_URL;
    try {
      const database = await openDatabase({ url: withDatabaseName(process.env.DATABASE_URL, scratch), migrate: true });
      resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: PUBLIC }));
      const prisma = database.prisma;
      const { shopId } = await seedDemoShop(prisma, { domain: `whatsapp-bench-${Date.now().toString(36)}.myshopify.com`, orders: [] });
      const accountSid = `AC${randomBytes(16).toString("hex")}`;
      const authToken = randomBytes(16).toString("hex");
      await saveIntegration(prisma, { shopId, kind: "whatsapp", details: { accountSid, from: "whatsapp:+14155238886", templates: [] }, secrets: { authToken } });
      const url = `${PUBLIC}/webhooks/twilio/${shopId}/whatsapp`;
      const request = (i: number, sid: string) => {
        const from = `whatsapp:+1555010${String(i % SENDERS).padStart(4, "0")}`;
        const form = { MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, AccountSid: accountSid, From: from, To: "whatsapp:+14155238886", Body: `Where is my order? (${i})`, NumMedia: "0", ProfileName: "Bench Shopper", MessageType: "text", WaId: from.slice(10), ApiVersion: "2010-04-01" };
        return new Request(`http://127.0.0.1:3000/webhooks/twilio/${shopId}/whatsapp`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilioSignature(authToken, url, form) },
          body: new URLSearchParams(form).toString(),
        });
      };
      const samples: number[] = [];
      const repeats: number[] = [];
      for (let i = 0; i < MESSAGES + WARMUP; i++) {
        const sid = `SM${randomBytes(16).toString("hex")}`;
        const t0 = performance.now();
        const response = await receiveWhatsAppWebhook(request(i, sid), shopId);
        const elapsed = performance.now() - t0;
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
        if (i >= WARMUP) samples.push(elapsed);
        if (i % 10 === 0) {
          const r0 = performance.now();
          await receiveWhatsAppWebhook(request(i, sid), shopId);
          repeats.push(performance.now() - r0);
        }
      }
      const queued = await prisma.jobOutbox.count({ where: { name: "conversations.answer" } });
      if (queued !== MESSAGES + WARMUP) throw new Error(`expected ${MESSAGES + WARMUP} answer jobs, found ${queued}`);
      const p95 = round(quantile(samples, 0.95));
      return [
        { issue: 17, name, unit: "ms", median: round(quantile(samples, 0.5)), p95, samples: samples.length, target: "p95 ≤ 25 ms", met: p95 <= 25, note: `${SENDERS} senders, one conversation each; PostgreSQL` },
        { issue: 17, name: "repeat delivery of a stored MessageSid", unit: "ms", median: round(quantile(repeats, 0.5)), p95: round(quantile(repeats, 0.95)), samples: repeats.length },
      ];
    } finally {
      resetEnv(previousEnv === undefined ? undefined : parseEnv(process.env));
      await closeDatabase();
      await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  },
};
