import pg from "pg";
import { DEMO_SHOP_DOMAIN } from "../app/.server/shops/demo-shop";

/**
 * A PostgreSQL database holding 1,000,000 returns over 1,000 shops, 100,000 of them in one shop,
 * written by set-based SQL (generate_series) in about a minute. It is kept between runs: a marker
 * row records what was seeded, and a database with the same marker is reused as it is.
 */

export const SCALE = { shops: 1_000, returns: 1_000_000, measuredShopReturns: 100_000, days: 365 } as const;
const MARKER = `v2:${SCALE.shops}:${SCALE.returns}:${SCALE.measuredShopReturns}:${SCALE.days}`;
export const SCALE_DATABASE = "dokani_bench_scale";
/** The measured shop is the demo shop, so the admin's real loaders (demo mode, no Shopify login) can be timed on it. */
export const MEASURED_SHOP_DOMAIN = DEMO_SHOP_DOMAIN;

/** The URL of the same server with another database. */
export function withDatabaseName(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Whether the scale database exists and holds this seed. */
export async function scaleSeedPresent(baseUrl: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [SCALE_DATABASE]);
    if (!exists.rowCount) return false;
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: withDatabaseName(baseUrl, SCALE_DATABASE) });
  await client.connect();
  try {
    const marker = await client.query(`SELECT value FROM bench_scale_marker LIMIT 1`).catch(() => null);
    return marker?.rows[0]?.value === MARKER;
  } finally {
    await client.end();
  }
}

/** Drops and creates the (empty, unmigrated) scale database. */
export async function recreateScaleDatabase(baseUrl: string) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${SCALE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${SCALE_DATABASE}"`);
  } finally {
    await admin.end();
  }
}

const STATUS_SQL = `(ARRAY['completed','completed','completed','approved','approved','denied','pending_review','pending_review','cancelled','pending_triage'])[1 + (g % 10)]`;
const RESOLUTION_SQL = `(ARRAY['refund','refund','store_credit','exchange'])[1 + ((g / 7) % 4)]`;
const REASON_SQL = (shift: string) =>
  `(ARRAY['size_too_small','size_too_large','not_as_described','damaged','defective','wrong_item','changed_mind','arrived_late','other'])[1 + ((g / ${shift}) % 9)]`;

/** Fills a migrated scale database with shops, returns and return items, then writes the marker. */
export async function seedScaleDatabase(url: string, log: (line: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    await client.query(`SET synchronous_commit = off`);
    await client.query(`
      INSERT INTO shops (id, platform, domain, name, "updatedAt")
      SELECT gen_random_uuid(), CASE WHEN s = 0 THEN 'demo' ELSE 'shopify' END::"Platform",
             CASE WHEN s = 0 THEN $1 ELSE 'scale-' || lpad(s::text, 4, '0') || '.myshopify.com' END, 'Scale shop ' || s, now()
      FROM generate_series(0, ${SCALE.shops - 1}) s`, [MEASURED_SHOP_DOMAIN]);
    // Shop 0 gets the measured 100,000; the other 999 share the rest evenly.
    const others = SCALE.returns - SCALE.measuredShopReturns;
    await client.query(`
      WITH numbered AS (
        SELECT id, CASE WHEN domain = $1 THEN 0 ELSE (regexp_match(domain, 'scale-(\\d+)'))[1]::int END AS n FROM shops
      ), rows AS (
        SELECT sh.id AS shop_id, g,
               now() - ((g::bigint * 7919) % ${SCALE.days}) * interval '1 day' - ((g::bigint * 104729) % 86400) * interval '1 second' AS ts
        FROM numbered sh
        JOIN LATERAL generate_series(
          CASE WHEN sh.n = 0 THEN 1 ELSE ${SCALE.measuredShopReturns} + (sh.n - 1) * ${Math.ceil(others / (SCALE.shops - 1))} + 1 END,
          CASE WHEN sh.n = 0 THEN ${SCALE.measuredShopReturns} ELSE LEAST(${SCALE.returns}, ${SCALE.measuredShopReturns} + sh.n * ${Math.ceil(others / (SCALE.shops - 1))}) END
        ) g ON true
      )
      INSERT INTO return_requests (
        id, "shopId", "platformOrderId", "orderName", "orderProcessedAt", "orderDeliveredAt", "orderTotal", currency,
        "customerEmail", "customerName", status, resolution, "decisionOutcome", "decisionReasons", "decisionExplanation",
        "decidedAt", "decidedBy", "riskScore", "riskFactors", "refundEstimate", "refundedAmount", "receivedAt", "completedAt",
        "cancelledAt", "policyVersion", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), shop_id, (5000000 + g)::text, '#' || (100000 + g), ts - interval '6 days', ts - interval '3 days',
             (20 + (g % 280))::numeric(12,2), 'USD',
             'shopper' || (g % 25000) || '@example.com', 'Shopper ' || (g % 25000),
             status::"ReturnStatus", ${RESOLUTION_SQL}::"Resolution",
             (CASE status WHEN 'completed' THEN 'approved' WHEN 'approved' THEN 'approved' WHEN 'denied' THEN 'denied'
                          WHEN 'pending_review' THEN 'pending_review' WHEN 'cancelled' THEN 'approved' ELSE 'pending' END)::"DecisionOutcome",
             '[]'::jsonb, '',
             CASE WHEN status = 'pending_triage' THEN NULL ELSE ts + ((g % 7200) * interval '1 second') END,
             CASE WHEN status = 'pending_triage' THEN NULL WHEN g % 3 = 0 THEN 'staff' ELSE 'rules' END,
             round(((g::bigint * 31) % 1000) / 1000.0, 3), '[]'::jsonb,
             (10 + (g % 150))::numeric(12,2),
             CASE WHEN status = 'completed' THEN (10 + (g % 150))::numeric(12,2) END,
             CASE WHEN status = 'completed' THEN ts + interval '5 days' END,
             CASE WHEN status = 'completed' THEN ts + interval '6 days' END,
             CASE WHEN status = 'cancelled' THEN ts + interval '1 day' END,
             1, ts, ts
      FROM (SELECT shop_id, g, ts, ${STATUS_SQL} AS status FROM rows) r`, [MEASURED_SHOP_DOMAIN]);
    log(`  seeded ${SCALE.shops} shops and ${SCALE.returns.toLocaleString("en-US")} returns in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const items = Date.now();
    await client.query(`
      INSERT INTO return_items (id, "returnId", "lineItemId", title, "variantTitle", sku, "productType", tags, quantity, "unitPrice", reason, condition)
      SELECT gen_random_uuid(), r.id, '1', (ARRAY['Linen Shirt','Straight Leg Jean','Sea Swimsuit','Trail Sneakers','Wool Scarf','Rain Jacket'])[1 + (g % 6)],
             'M', 'SKU-' || (g % 6), (ARRAY['Shirts','Jeans','Swimwear','Shoes','Accessories','Outerwear'])[1 + (g % 6)], '{}',
             1 + (g % 2), (10 + (g % 150))::numeric(12,2), ${REASON_SQL("3")}::"ReturnReason", 'unworn'
      FROM (SELECT id, ("platformOrderId"::bigint - 5000000) AS g FROM return_requests) r`);
    await client.query(`
      INSERT INTO return_items (id, "returnId", "lineItemId", title, "variantTitle", sku, "productType", tags, quantity, "unitPrice", reason, condition)
      SELECT gen_random_uuid(), r.id, '2', 'Cotton Socks 3-pack', NULL, 'SOCK-3', 'Socks', '{}', 1, 14.95, ${REASON_SQL("5")}::"ReturnReason", 'unopened'
      FROM (SELECT id, ("platformOrderId"::bigint - 5000000) AS g FROM return_requests) r WHERE g % 2 = 0`);
    log(`  seeded return items in ${((Date.now() - items) / 1000).toFixed(1)} s`);
    const analyze = Date.now();
    await client.query(`VACUUM ANALYZE`);
    log(`  VACUUM ANALYZE in ${((Date.now() - analyze) / 1000).toFixed(1)} s`);
    await client.query(`CREATE TABLE IF NOT EXISTS bench_scale_marker (value text NOT NULL)`);
    await client.query(`INSERT INTO bench_scale_marker (value) VALUES ($1)`, [MARKER]);
  } finally {
    await client.end();
  }
}
