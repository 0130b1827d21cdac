import { closeDatabase, db, openDatabase } from "../../app/.server/db.server";
import { SYSTEM_ACTOR } from "../../app/.server/audit/record-audit";
import { parseEnv, resetEnv } from "../../app/.server/env.server";
import { getAnalyticsSummary } from "../../app/.server/analytics/get-analytics-summary.server";
import { rebuildShopAnalytics } from "../../app/.server/analytics/rebuild-shop-analytics.server";
import { addDays, dayOf } from "../../app/.server/analytics/analytics-period";
import { loader as queueLoader } from "../../app/routes/app.returns._index";
import { type Figure, type Suite, quantile, round } from "../figures";
import { MEASURED_SHOP_DOMAIN, SCALE, SCALE_DATABASE, recreateScaleDatabase, scaleSeedPresent, seedScaleDatabase, withDatabaseName } from "../scale-seed";

const SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 300);

/** The queue URLs a merchant opens: the default view, saved views, filters, a search, and a later page. */
function queueUrls(firstCursor: string | null): string[] {
  const base = "http://127.0.0.1/app/returns";
  const urls = [
    base,
    `${base}?view=needs_review`,
    `${base}?view=high_risk`,
    `${base}?view=awaiting_items`,
    `${base}?status=denied`,
    `${base}?risk=medium`,
    `${base}?reason=damaged`,
    `${base}?resolution=exchange`,
    `${base}?from=${addDays(dayOf(new Date()), -30)}&to=${dayOf(new Date())}`,
    `${base}?q=%23100500`,
    `${base}?q=shopper123`,
  ];
  if (firstCursor) urls.push(`${base}?after=${encodeURIComponent(firstCursor)}`);
  return urls;
}

/** Times `run` SAMPLES times after a warm-up, cycling through `inputs`. */
async function sample<T>(inputs: T[], run: (input: T) => Promise<unknown>): Promise<number[]> {
  for (const input of inputs) await run(input);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const input = inputs[i % inputs.length]!;
    const started = performance.now();
    await run(input);
    times.push(performance.now() - started);
  }
  return times;
}

export const adminScale: Suite = {
  name: "admin-scale",
  description: `issue 4: queue loader and analytics summary with ${SCALE.returns.toLocaleString("en-US")} returns over ${SCALE.shops} shops (${SCALE.measuredShopReturns.toLocaleString("en-US")} in the measured shop), PostgreSQL`,
  async run(): Promise<Figure[]> {
    const base = process.env.DATABASE_URL;
    if (!base) {
      const note = "skipped: needs DATABASE_URL (PostgreSQL)";
      return [
        { issue: 4, name: "returns queue loader, 100,000 returns in the shop", unit: "ms", samples: 0, note },
        { issue: 4, name: "analytics summary, 100,000 returns in the shop", unit: "ms", samples: 0, note },
      ];
    }
    const url = withDatabaseName(base, SCALE_DATABASE);
    const log = (line: string) => console.log(line);
    const fresh = !(await scaleSeedPresent(base));
    if (fresh) {
      log(`  seeding ${SCALE_DATABASE} (kept for later runs)…`);
      await recreateScaleDatabase(base);
    }
    // Migrating an existing seed applies only migrations added since it was made.
    await openDatabase({ url, poolSize: 4, migrate: true });
    try {
      if (fresh) await seedScaleDatabase(url, log);
      resetEnv(parseEnv({ ...process.env, DATABASE_URL: url, DOKANI_DEMO: "1", LOG_LEVEL: "silent" }));
      const shop = await db().shop.findFirstOrThrow({ where: { platform: "demo", domain: MEASURED_SHOP_DOMAIN } });
      const rollups = performance.now();
      // Only the measured shop's rollups are read; rebuilding all 1,000 shops' would add minutes to the seed.
      await rebuildShopAnalytics(db(), shop.id);
      log(`  the measured shop's analytics rollups rebuilt in ${round((performance.now() - rollups) / 1000, 1)} s`);
      const returns = await db().returnRequest.count({ where: { shopId: shop.id } });

      const first = (await queueLoader({ request: new Request("http://127.0.0.1/app/returns"), params: {}, context: { remoteAddress: "127.0.0.1", requestId: "bench" } })) as { nextCursor?: string | null };
      const urls = queueUrls(first.nextCursor ?? null);
      const queue = await sample(urls, (u) => queueLoader({ request: new Request(u), params: {}, context: { remoteAddress: "127.0.0.1", requestId: "bench" } }));

      const today = dayOf(new Date());
      const ranges = [30, 90, 365].map((days) => ({ from: addDays(today, -(days - 1)), to: today }));
      const analytics = await sample(ranges, (range) => getAnalyticsSummary({ shop, actor: SYSTEM_ACTOR }, range));

      const note = `${returns.toLocaleString("en-US")} returns in the shop; ${urls.length} queue URLs (views, filters, search, page 2) and 30/90/365-day ranges in turn; one process, warm`;
      return [
        {
          issue: 4,
          name: "returns queue loader (/app/returns), 100,000 returns in the shop",
          unit: "ms",
          median: round(quantile(queue, 0.5)),
          p95: round(quantile(queue, 0.95)),
          samples: queue.length,
          target: "p95 ≤ 30 ms",
          met: quantile(queue, 0.95) <= 30,
          note,
        },
        {
          issue: 4,
          name: "analytics summary (with previous-period comparison), 100,000 returns in the shop",
          unit: "ms",
          median: round(quantile(analytics, 0.5)),
          p95: round(quantile(analytics, 0.95)),
          samples: analytics.length,
          target: "p95 ≤ 50 ms",
          met: quantile(analytics, 0.95) <= 50,
          note,
        },
      ];
    } finally {
      resetEnv();
      await closeDatabase();
    }
  },
};
