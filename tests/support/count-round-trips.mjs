// Preloaded with `node --import` into a Dokani process whose database round trips are being counted:
// every query the `pg` driver sends (transaction statements included) adds one. SIGUSR2 makes the
// process write its count to DOKANI_ROUND_TRIPS_DIR/<pid>.json.
import { writeFileSync, renameSync } from "node:fs";
import path from "node:path";
import pg from "pg";

let count = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  count++;
  return query.apply(this, args);
};

const dir = process.env.DOKANI_ROUND_TRIPS_DIR;
if (dir) {
  process.on("SIGUSR2", () => {
    const file = path.join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify({ count }));
    renameSync(`${file}.tmp`, file);
  });
}
