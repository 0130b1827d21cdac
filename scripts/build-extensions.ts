// `tsx scripts/build-extensions.ts [--check]`: builds the storefront bundles of the theme app
// extensions into each extension's assets/ folder, prints their gzipped sizes and fails when a
// bundle is over its budget or a block's strings and locale files disagree. With --check it writes
// nothing and fails when the committed assets (or the WordPress plugin's copies of them) differ from
// a fresh build. A build also copies the bundles into the WordPress plugin.
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { buildWooCommercePluginAssets } from "./build-woocommerce-plugin";

const WOOCOMMERCE_ASSETS = path.resolve("woocommerce-plugin/dokani/assets");

/** One storefront bundle: a script and a stylesheet built from an extension's src/. */
export type BundleSpec = {
  /** Folder under extensions/. */
  extension: string;
  /** File name of the outputs in assets/, without extension (the block's schema refers to them). */
  name: string;
  /** Entry points, relative to the extension; a script that injects its own styles has no stylesheet. */
  script: string;
  stylesheet?: string;
  /** Budget for the script and stylesheet together, gzipped, in KB (1 KB = 1024 bytes). */
  budgetKb: number;
  /** Bundles (by name) that always load before this one; the budget covers them too. */
  budgetIncludes?: string[];
  /** A block that must render every storefront string of the extension's locale files for the bundle. */
  stringsBlock?: string;
  /** Packages replaced by a module of the extension (relative to it) in this bundle. */
  alias?: Record<string, string>;
};

/** Every storefront bundle; a new extension is one more entry. */
export const BUNDLES: BundleSpec[] = [
  {
    extension: "returns-portal",
    name: "dokani-returns-portal",
    script: "src/index.ts",
    stylesheet: "src/portal.css",
    budgetKb: 25,
    stringsBlock: "blocks/returns-portal.liquid",
  },
  // The chat widget: the launcher is all a storefront page loads; the panel follows when the shopper opens it.
  { extension: "theme-chat-widget", name: "dokani-chat-launcher", script: "src/launcher.ts", budgetKb: 6 },
  {
    extension: "theme-chat-widget",
    name: "dokani-chat-panel",
    script: "src/panel/index.ts",
    stylesheet: "src/panel/panel.css",
    budgetKb: 35,
    budgetIncludes: ["dokani-chat-launcher"],
  },
  // Calls, loaded only when a shopper starts one: the ElevenLabs voice client (over the signed
  // WebSocket URL, so LiveKit's WebRTC stack is left out) and the Tavus video frame.
  { extension: "theme-chat-widget", name: "dokani-chat-voice", script: "src/calls/voice.ts", budgetKb: 20, alias: { "livekit-client": "src/calls/no-webrtc.ts" } },
  { extension: "theme-chat-widget", name: "dokani-chat-video", script: "src/calls/video.ts", budgetKb: 2 },
];

/** What a build produced for one bundle. */
export type BundleResult = {
  spec: BundleSpec;
  files: Array<{ path: string; contents: Uint8Array; bytes: number; gzipBytes: number }>;
  gzipBytes: number;
  withinBudget: boolean;
  problems: string[];
};

const ROOT = path.resolve("extensions");
/** Browsers that support what the bundles use untranspiled (`:has`, optional chaining, `replaceChildren`). */
const TARGET = ["chrome105", "edge105", "firefox121", "safari15.4"];
/** Shopify refuses a theme app extension's locale file over 15 KB. */
const LOCALE_FILE_LIMIT = 15 * 1024;

function leafKeys(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** Locale files agree with the default one, stay under Shopify's size limit, and the strings block renders every string. */
async function checkStrings(spec: BundleSpec): Promise<string[]> {
  const dir = path.join(ROOT, spec.extension, "locales");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
  const problems: string[] = [];
  const keysOf = async (file: string) => {
    const text = await readFile(path.join(dir, file), "utf8");
    if (Buffer.byteLength(text) > LOCALE_FILE_LIMIT) problems.push(`locales/${file} is over Shopify's 15 KB limit`);
    return new Set(leafKeys(JSON.parse(text)));
  };
  for (const kind of [".schema.json", ".json"]) {
    const isKind = (f: string) => (kind === ".json" ? !f.endsWith(".schema.json") : f.endsWith(kind));
    const main = files.find((f) => isKind(f) && f.includes(".default."));
    if (!main) continue;
    const expected = await keysOf(main);
    for (const file of files.filter((f) => isKind(f) && f !== main)) {
      const keys = await keysOf(file);
      const missing = [...expected].filter((k) => !keys.has(k));
      const extra = [...keys].filter((k) => !expected.has(k));
      if (missing.length) problems.push(`locales/${file} lacks ${missing.join(", ")}`);
      if (extra.length) problems.push(`locales/${file} has keys ${main} lacks: ${extra.join(", ")}`);
    }
    if (kind === ".json" && spec.stringsBlock) {
      const liquid = await readFile(path.join(ROOT, spec.extension, spec.stringsBlock), "utf8");
      const used = new Set([...liquid.matchAll(/'([\w.]+)'\s*\|\s*t\b/g)].map((m) => m[1]!));
      const unrendered = [...expected].filter((k) => !used.has(k));
      const unknown = [...used].filter((k) => !expected.has(k));
      if (unrendered.length) problems.push(`${spec.stringsBlock} does not render ${unrendered.join(", ")}`);
      if (unknown.length) problems.push(`${spec.stringsBlock} uses keys ${main} lacks: ${unknown.join(", ")}`);
    }
  }
  return problems;
}

async function buildOne(spec: BundleSpec): Promise<BundleResult> {
  const base = path.join(ROOT, spec.extension);
  const outdir = path.join(base, "assets");
  const common = { bundle: true, minify: true, write: false, target: TARGET, legalComments: "none", charset: "utf8", logLevel: "silent" } as const;
  const [script, style] = await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(base, spec.script)],
      outfile: path.join(outdir, `${spec.name}.js`),
      format: "iife",
      ...(spec.alias ? { alias: Object.fromEntries(Object.entries(spec.alias).map(([name, file]) => [name, path.join(base, file)])) } : {}),
    }),
    spec.stylesheet ? build({ ...common, entryPoints: [path.join(base, spec.stylesheet)], outfile: path.join(outdir, `${spec.name}.css`) }) : null,
  ]);
  const files = [...script.outputFiles, ...(style?.outputFiles ?? [])].map((f) => ({
    path: f.path,
    contents: f.contents,
    bytes: f.contents.byteLength,
    gzipBytes: gzipSync(f.contents, { level: 9 }).byteLength,
  }));
  const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { spec, files, gzipBytes, withinBudget: gzipBytes <= spec.budgetKb * 1024, problems: await checkStrings(spec) };
}

/** Builds every bundle in memory; `write` puts the outputs in assets/ (only files whose bytes changed). */
export async function buildExtensions(options: { write: boolean }): Promise<BundleResult[]> {
  const results = await Promise.all(BUNDLES.map(buildOne));
  for (const result of results) {
    const included = results.filter((r) => result.spec.budgetIncludes?.includes(r.spec.name));
    result.gzipBytes += included.reduce((sum, r) => sum + r.files.reduce((s, f) => s + f.gzipBytes, 0), 0);
    result.withinBudget = result.gzipBytes <= result.spec.budgetKb * 1024;
  }
  if (options.write) {
    for (const file of results.flatMap((r) => r.files)) {
      const current = await readFile(file.path).catch(() => null);
      if (!current || !current.equals(file.contents)) await writeFile(file.path, file.contents);
    }
  }
  return results;
}

async function main() {
  const check = process.argv.includes("--check");
  const results = await buildExtensions({ write: !check });
  let failed = false;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const result of results) {
    console.log(`${result.spec.extension}`);
    for (const file of result.files) {
      console.log(`  ${path.relative(process.cwd(), file.path).padEnd(56)} ${kb(file.bytes).padStart(9)}  ${kb(file.gzipBytes).padStart(8)} gzipped`);
      if (check) {
        const committed = await readFile(file.path).catch(() => null);
        if (!committed || !committed.equals(file.contents)) {
          console.error(`  ✗ ${path.relative(process.cwd(), file.path)} is not what the sources build; run: npx tsx scripts/build-extensions.ts`);
          failed = true;
        }
        // The WordPress plugin ships the very same files.
        const pluginCopy = path.join(WOOCOMMERCE_ASSETS, path.basename(file.path));
        const shipped = await readFile(pluginCopy).catch(() => null);
        if (!shipped || !shipped.equals(file.contents)) {
          console.error(`  ✗ ${path.relative(process.cwd(), pluginCopy)} is not the bundle the theme extension ships; run: npx tsx scripts/build-extensions.ts`);
          failed = true;
        }
      }
    }
    const verdict = result.withinBudget ? "within" : "OVER";
    const including = result.spec.budgetIncludes?.length ? ` with ${result.spec.budgetIncludes.join(", ")}` : "";
    console.log(`  total${including} ${kb(result.gzipBytes)} gzipped, ${verdict} the ${result.spec.budgetKb} KB budget`);
    if (!result.withinBudget) failed = true;
    for (const problem of result.problems) console.error(`  ✗ ${problem}`);
    if (result.problems.length) failed = true;
  }
  if (!check) {
    const copied = buildWooCommercePluginAssets();
    console.log(`Copied ${copied.length} files into ${path.relative(process.cwd(), WOOCOMMERCE_ASSETS)}`);
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
