import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Figure, machine } from "./figures";
import { adminScale } from "./suites/admin-scale";
import { adminVitals } from "./suites/admin-vitals";
import { assistantEval } from "./suites/assistant-eval";
import { automation } from "./suites/automation";
import { calls } from "./suites/calls";
import { chat } from "./suites/chat";
import { contacts } from "./suites/contacts";
import { email } from "./suites/email";
import { engine } from "./suites/engine";
import { exchanges } from "./suites/exchanges";
import { faults } from "./suites/faults";
import { foundation } from "./suites/foundation";
import { mcp } from "./suites/mcp";
import { storefrontBundles } from "./suites/storefront-bundles";
import { storefrontApi } from "./suites/storefront-api";
import { whatsapp } from "./suites/whatsapp";

/**
 * `npm run bench [-- suite ...]`: runs the benchmark suites, prints a table and writes
 * bench/results.json. Benchmarks measure speed; behaviour is the tests' job.
 */
const SUITES = [foundation, engine, storefrontBundles, storefrontApi, exchanges, adminScale, adminVitals, chat, email, contacts, assistantEval, faults, mcp, whatsapp, automation, calls];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const selected = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
if (!selected.length) {
  console.error(`Unknown suite. Suites: ${SUITES.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const info = machine();
console.log(`Dokani bench on ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, Node ${info.node}\n`);
const figures: Array<Figure & { suite: string }> = [];
for (const suite of selected) {
  console.log(`▶ ${suite.name}: ${suite.description}`);
  figures.push(...(await suite.run()).map((figure) => ({ suite: suite.name, ...figure })));
}

const rows = figures.map((f) => [
  String(f.issue),
  f.name,
  f.value !== undefined ? `${f.value} ${f.unit}` : `${f.median} ${f.unit}`,
  f.p95 !== undefined ? `${f.p95} ${f.unit}` : "",
  String(f.samples),
  f.target ?? "",
  f.met === undefined ? "" : f.met ? "met" : "NOT met",
  f.note ?? "",
]);
const header = ["issue", "figure", "median / value", "p95", "n", "target", "", "note"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
for (const row of rows) console.log(line(row));

// Suites not run this time keep their last figures, so `npm run bench -- chat` does not erase the rest.
const file = path.resolve("bench/results.json");
const previous = await readFile(file, "utf8")
  .then((text) => (JSON.parse(text) as { figures?: Array<Figure & { suite?: string }> }).figures ?? [])
  .catch(() => []);
const ran = new Set(selected.map((s) => s.name));
const kept = previous.filter((f) => f.suite && !ran.has(f.suite) && SUITES.some((s) => s.name === f.suite));
await writeFile(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine: info, figures: [...kept, ...figures] }, null, 2)}\n`);
console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
// Every suite has stopped what it started; a client library's idle handle (a Redis reconnect timer,
// a keep-alive socket) must not keep `npm run bench` from ending once the figures are written.
process.exit(0);
