import pg from "pg";
import { ensureInboundAddress } from "../../app/.server/channels/email/addresses.server";
import { receivePostmarkWebhook } from "../../app/.server/channels/email/inbound-webhooks.server";
import { closeDatabase, db, openDatabase } from "../../app/.server/db.server";
import { seedDemoShop } from "../../app/.server/demo/seed-demo-shop";
import { env, parseEnv, resetEnv } from "../../app/.server/env.server";
import { configureLogger } from "../../app/.server/logger.server";
import { postmarkPayload, postmarkRequest } from "../../tests/fakes/email";
import { type Figure, type Suite, quantile, round } from "../figures";
import { withDatabaseName } from "../scale-seed";

const MAILS = 400;
const WARMUP = 30;
const SECRET = "bench-postmark-inbound-secret";

async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * issue 16: an inbound email through the Postmark webhook (Basic auth, JSON parsed and validated,
 * normalised, quote-stripped, routed, deduplicated, threaded) until it is stored with the
 * assistant's job in the outbox and the 200 is written. Every third mail is a reply that threads
 * by In-Reply-To to an earlier one, the rest open conversations.
 */
export const email: Suite = {
  name: "email",
  description: "issue 16: inbound email (Postmark webhook) to stored message with the assistant's job queued",
  async run(): Promise<Figure[]> {
    if (!process.env.DATABASE_URL) return [{ issue: 16, name: "inbound email to stored message + assistant job (webhook path)", unit: "ms", samples: 0, note: "skipped: set DATABASE_URL (the figure is for PostgreSQL)" }];
    const scratch = `dokani_bench_email_${Date.now().toString(36)}`;
    await adminQuery(`CREATE DATABASE "${scratch}"`);
    const previous = env();
    resetEnv(parseEnv({ ...process.env, POSTMARK_INBOUND_SECRET: SECRET, LOG_LEVEL: "warn" }));
    // As in production at LOG_LEVEL=warn: the one info line per mail is not written to the terminal.
    configureLogger({ level: "warn" });
    await openDatabase({ url: withDatabaseName(process.env.DATABASE_URL, scratch), migrate: true });
    try {
      const { shopId } = await seedDemoShop(db(), { domain: "bench-mail.myshopify.com", orders: [] });
      const to = (await ensureInboundAddress({ id: shopId, domain: "bench-mail.myshopify.com" }))!;
      const samples: number[] = [];
      const ids: string[] = [];
      for (let i = 0; i < WARMUP + MAILS; i += 1) {
        const sender = `shopper${i % 97}@example.com`;
        const messageId = `<bench-${i}-${Date.now()}@example.com>`;
        const earlier = i % 3 === 2 ? ids.findLast((id) => id.includes(`-${i - 97 * Math.floor(i / 97)}-`)) : undefined;
        const payload = postmarkPayload({
          from: sender,
          fromName: `Shopper ${i % 97}`,
          to,
          subject: `Question ${i}`,
          text: `Hello, where is my parcel? It has been a week.\n\nOn Mon, Shop wrote:\n> Thanks for your order.\n> It ships soon.`,
          messageId,
          inReplyTo: earlier,
        });
        const request = postmarkRequest("http://localhost/webhooks/email/postmark", payload, SECRET);
        const started = performance.now();
        const response = await receivePostmarkWebhook(request);
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
        ids.push(messageId);
        if (i >= WARMUP) samples.push(elapsed);
      }
      const queued = await db().jobOutbox.count({ where: { name: "conversations.answer" } });
      const p95 = quantile(samples, 0.95);
      return [
        {
          issue: 16,
          name: "inbound email to stored message + assistant job (Postmark webhook, PostgreSQL)",
          unit: "ms",
          median: round(quantile(samples, 0.5)),
          p95: round(p95),
          samples: samples.length,
          target: "p95 ≤ 30 ms",
          met: p95 <= 30,
          note: `LOG_LEVEL=warn; auth, JSON, normalise, quote strip, route, dedupe, thread, store + outbox in one transaction; ${queued} answer jobs queued`,
        },
      ];
    } finally {
      await closeDatabase();
      resetEnv(previous);
      await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  },
};
