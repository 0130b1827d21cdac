import path from "node:path";
import type { AxeResults } from "axe-core";
import { chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/** Debian's Chromium, as CI installs it (tests/e2e is skipped where it is missing; see vitest.config.ts). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags for a headless Chromium on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const AXE = path.resolve("node_modules/axe-core/axe.min.js");

/** Starts the browser the end-to-end tests drive. */
export function launchChromium() {
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
