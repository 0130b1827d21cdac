import { db, type DbClient } from "../db.server";
import type { ShopContext } from "../shops/shop-context";
import { listReturnQueue, type QueueRow } from "./list-return-queue.server";
import type { QueueFilters } from "./queue-filters";

/** The export's columns, in order: header text and how each row fills it. */
export const CSV_COLUMNS: ReadonlyArray<{ header: string; value: (row: QueueRow) => string }> = [
  { header: "Return ID", value: (r) => r.id },
  { header: "Order", value: (r) => r.orderName },
  { header: "Customer email", value: (r) => r.customerEmail },
  { header: "Customer name", value: (r) => r.customerName ?? "" },
  { header: "Requested at (UTC)", value: (r) => r.createdAt },
  { header: "Status", value: (r) => r.status },
  { header: "Resolution", value: (r) => r.resolution },
  { header: "Reasons", value: (r) => r.reasons.join("; ") },
  { header: "Items", value: (r) => String(r.itemCount) },
  { header: "Risk score", value: (r) => r.riskScore ?? "" },
  { header: "Risk band", value: (r) => r.riskBand ?? "" },
  { header: "Refund estimate", value: (r) => r.refundEstimate },
  { header: "Currency", value: (r) => r.currency },
  { header: "Decision", value: (r) => r.decisionOutcome },
  { header: "Items received at (UTC)", value: (r) => r.receivedAt ?? "" },
];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A
 * cell a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a
 * leading apostrophe first, since shopper-typed names and emails end up in these files.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line with its CRLF terminator. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * The returns matching `filters` as a CSV stream. It pages through the set by keyset, `batchSize`
 * rows a query, only when the reader asks for more, so an export of any size holds one batch in
 * memory and a client that goes away stops the queries.
 */
export function exportReturnsCsv(
  ctx: ShopContext,
  query: { filters: QueueFilters; batchSize?: number; onBatch?: (rows: number) => void },
  client: DbClient = db(),
): ReadableStream<Uint8Array> {
  const { filters, ...options } = query;
  const encoder = new TextEncoder();
  const batchSize = options.batchSize ?? 500;
  let after: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          // A byte-order mark lets spreadsheet programs read the file as UTF-8.
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(CSV_COLUMNS.map((c) => c.header))}`));
          return;
        }
        const page = await listReturnQueue(ctx, { filters, page: { after, limit: batchSize } }, client);
        options.onBatch?.(page.rows.length);
        if (page.rows.length) controller.enqueue(encoder.encode(page.rows.map((row) => csvLine(CSV_COLUMNS.map((c) => c.value(row)))).join("")));
        if (!page.nextCursor) controller.close();
        else after = page.nextCursor;
      },
    },
    { highWaterMark: 1 },
  );
}
