// Preloaded with `node --import` into a Dokani process whose database round trips are being counted:
// every query the `pg` driver sends (transaction statements included) adds one. SIGUSR2 makes the
// process write its count to DOKANI_ROUND_TRIPS_DIR/<pid>.json; with DOKANI_ROUND_TRIPS_QUERIES=1
// the file also lists the text of the queries sent since the last report (to find each one).
import { writeFileSync, renameSync } from "node:fs";
import path from "node:path";
import pg from "pg";

let count = 0;
const keepText = process.env.DOKANI_ROUND_TRIPS_QUERIES === "1";
let queries = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  count++;
  if (keepText && queries.length < 10_000) {
    const first = args[0];
    const text = typeof first === "string" ? first : first && typeof first.text === "string" ? first.text : String(first);
    queries.push(text.replace(/\s+/g, " ").slice(0, 400));
  }
  return query.apply(this, args);
};

const dir = process.env.DOKANI_ROUND_TRIPS_DIR;
if (dir) {
  process.on("SIGUSR2", () => {
    const file = path.join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(keepText ? { count, queries } : { count }));
    renameSync(`${file}.tmp`, file);
    queries = [];
  });
}
