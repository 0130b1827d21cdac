import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { parseEnv, resetEnv } from "../.server/env.server";
import { CSV_COLUMNS, csvCell, exportReturnsCsv } from "../.server/returns/export-returns-csv.server";
import { parseQueueFilters } from "../.server/returns/queue-filters";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { loader } from "./app.returns.export[.]csv";
import { queueReturn } from "./app.returns.test-support.server";
import { merchantContext } from "../../tests/support/contexts";

setupTestDatabase();
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 12, 0) - minutes * 60_000);
const exportCsv = (query = "") => loader(routeArgs(new Request(`http://127.0.0.1/app/returns/export.csv${query}`)));

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("/app/returns/export.csv", () => {
  it("answers a CSV file with a header and every filtered row of this shop only", async () => {
    const shop = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const other = await createShop();
    await queueReturn(shop.id, { orderName: "#1", status: "approved", createdAt: at(1), riskScore: "0.720", refundEstimate: "1234.50", reasons: ["damaged", "wrong_item"] });
    await queueReturn(shop.id, { orderName: "#2", status: "denied", createdAt: at(2) });
    await queueReturn(other.id, { orderName: "#theirs", status: "approved", createdAt: at(3) });
    const response = await exportCsv("?status=approved");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="returns-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte-order mark first, so spreadsheet programs read accents and emoji right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(2);
    const record = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    expect(record).toMatchObject({ Order: "#1", Status: "approved", Reasons: "damaged; wrong_item", "Risk score": "0.720", "Risk band": "high", "Refund estimate": "1234.50", Currency: "USD" });
  });

  it("escapes commas, quotes and line breaks, and neutralises cells a spreadsheet would run as formulas", async () => {
    const shop = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const hostile = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn", 'Doe, "Al"\nJr'];
    for (const [i, name] of hostile.entries()) await queueReturn(shop.id, { name, orderName: `#${i}`, createdAt: at(i) });
    const text = await (await exportCsv()).text();
    const names = parseCsv(text).slice(1).map((r) => r[3]);
    expect(names).toEqual(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1+2", "'-2+3", "'@SUM(A1)", "'\tTabbed", "'\rReturn", 'Doe, "Al"\nJr']);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("=1")).toBe("'=1");
  });

  it("streams in keyset batches, never more than one batch at a time, with every row once", async () => {
    const shop = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    for (let i = 0; i < 23; i++) await queueReturn(shop.id, { orderName: `#${i}`, createdAt: at(Math.floor(i / 3)), status: i === 5 ? "denied" : "pending_review" });
    const batches: number[] = [];
    const stream = exportReturnsCsv(await merchantContext(shop), { filters: parseQueueFilters(new URLSearchParams("status=pending_review")).filters, batchSize: 5, onBatch: (n) => batches.push(n) });
    const reader = stream.getReader();
    const first = await reader.read();
    // The header comes before any query runs: nothing is read until the client asks for it.
    expect(new TextDecoder().decode(first.value)).toContain("Return ID,Order");
    expect(batches).toEqual([]);
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect(batches).toEqual([5, 5, 5, 5, 2]);
    const orders = parseCsv(text).map((r) => r[1]);
    expect(orders).toHaveLength(22);
    expect(new Set(orders).size).toBe(22);
    expect(orders).not.toContain("#5");
  });

  it("refuses invalid filters with the error body and exports nothing", async () => {
    const shop = await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    await queueReturn(shop.id);
    const response = await exportCsv("?status=everything&from=tomorrow");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "invalid_request",
        message: "Some filters are not valid, so nothing was exported.",
        fields: { status: expect.stringMatching(/^must be one of/), from: "must be a date like 2026-11-01 or an ISO 8601 time like 2026-11-01T09:30:00Z" },
      },
    });
  });
});
