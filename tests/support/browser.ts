import path from "node:path";
import type { AxeResults } from "axe-core";
import { chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium";

const AXE = path.resolve("node_modules/axe-core/axe.min.js");

/**
 * The browser the end-to-end tests drive: a connection to the one Chromium the global setup started
 * for the whole run (each file gets its own connection and contexts, and closing it closes only
 * those), or a Chromium of its own when a file runs without that setup.
 */
export function launchChromium() {
  const endpoint = inject("chromiumEndpoint");
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Runs axe-core on the whole page (open shadow roots included) and fails on any serious or critical
 * violation, naming each with where it was found. With `settle`, it first waits for finite animations
 * (modals, toasts) to finish, so a half-faded element is not judged.
 */
export async function expectAccessible(page: Page, step: string, options: { settle?: boolean } = {}) {
  if (options.settle) {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity));
  }
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe.run(document));
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
  expect(blocking, `axe on "${step}"`).toEqual([]);
}
