import { execFileSync, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { proxySignatureBase, signProxyParams } from "../proxy/proxy-signature";
import { signPluginRequest } from "./sign-in-request-signature";

/**
 * The WordPress plugin and the server sign alike: both recompute the shared vectors in
 * woocommerce-plugin/tests/signature-vectors.json, and every PHP file of the plugin parses.
 */

const PLUGIN = path.resolve("woocommerce-plugin");
type Vectors = {
  proxy: Array<{ name: string; params: Array<[string, string]>; query: string; secret: string; base: string; signature: string }>;
  request: Array<{ name: string; secret: string; timestamp: string; body: string; signature: string }>;
  webhook: Array<{ name: string; secret: string; body: string; signature: string }>;
};
const vectors = JSON.parse(readFileSync(path.join(PLUGIN, "tests/signature-vectors.json"), "utf8")) as Vectors;
const php = spawnSync("php", ["--version"]).status === 0;
if (!php) console.warn("The PHP checks of the WordPress plugin are skipped because php is not installed (CI installs php-cli).");

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? phpFiles(full) : name.endsWith(".php") ? [full] : [];
  });
}

describe("signature vectors shared with the WordPress plugin", () => {
  it("cover repeated keys, unicode, empty values and '=' or '&' inside values", () => {
    const all = vectors.proxy.flatMap((v) => v.params);
    expect(vectors.proxy.some((v) => new Set(v.params.map(([k]) => k)).size < v.params.length)).toBe(true);
    expect(all.some(([k, v]) => [...(k + v)].some((c) => c.charCodeAt(0) > 127))).toBe(true);
    expect(all.some(([, v]) => v === "")).toBe(true);
    expect(all.some(([, v]) => v.includes("=") && v.includes("&"))).toBe(true);
  });

  it.each(vectors.proxy.map((v) => [v.name, v] as const))("the server's proxy signature matches: %s", (_name, vector) => {
    const params = new URLSearchParams(vector.params);
    expect(proxySignatureBase(params)).toBe(vector.base);
    expect(signProxyParams(params, vector.secret)).toBe(vector.signature);
    expect(signProxyParams(new URLSearchParams(vector.query), vector.secret)).toBe(vector.signature);
  });

  it("the server's request and webhook signatures match", () => {
    for (const vector of vectors.request) expect(signPluginRequest(vector.secret, vector.timestamp, vector.body), vector.name).toBe(vector.signature);
    for (const vector of vectors.webhook) expect(createHmac("sha256", vector.secret).update(vector.body, "utf8").digest("base64"), vector.name).toBe(vector.signature);
  });

  it.skipIf(!php)("the plugin's PHP signer recomputes every vector", () => {
    const output = execFileSync("php", [path.join(PLUGIN, "tests/check-signatures.php")], { encoding: "utf8" });
    expect(output.trim()).toBe(`ok: ${vectors.proxy.length + vectors.request.length + vectors.webhook.length} signature vectors`);
  });

  it.skipIf(!php)("every PHP file of the plugin passes php -l", () => {
    const files = phpFiles(PLUGIN);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const result = spawnSync("php", ["-l", file], { encoding: "utf8" });
      expect(result.status, `${file}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it("ships the same storefront bundles as the theme extensions", () => {
    for (const [dir, file] of [["extensions/returns-portal/assets", "dokani-returns-portal.js"], ["extensions/returns-portal/assets", "dokani-returns-portal.css"], ["extensions/theme-chat-widget/assets", "dokani-chat-launcher.js"]] as const) {
      expect(readFileSync(path.join(PLUGIN, "dokani/assets", file)).equals(readFileSync(path.resolve(dir, file))), `${file} is stale: run npx tsx scripts/build-woocommerce-plugin.ts`).toBe(true);
    }
  });
});
