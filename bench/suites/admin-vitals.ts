import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { ensureBuild } from "../../scripts/ensure-build";
import { type Figure, type Suite, quantile, round } from "../figures";
import { startServer } from "../start-server";

const RUNS = Number(process.env.BENCH_VITALS_RUNS ?? 5);
const PAGES = ["/app", "/app/returns", "/app/analytics", "/app/policies"];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];
const TARGETS = { lcp: 2500, cls: 0.1, inp: 200 };

/**
 * Runs in the page before any of its scripts: records LCP candidates, layout shifts and Event
 * Timing entries (durationThreshold 16 ms) as the browser reports them.
 */
function installObservers() {
  type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
  type EventEntry = PerformanceEntry & { interactionId?: number };
  const vitals = { lcp: 0, shifts: [] as Array<{ t: number; v: number }>, interactions: new Map<number, number>() };
  (window as unknown as { __vitals: typeof vitals }).__vitals = vitals;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) vitals.lcp = Math.max(vitals.lcp, entry.startTime);
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Shift[]) if (!entry.hadRecentInput) vitals.shifts.push({ t: entry.startTime, v: entry.value });
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as EventEntry[]) {
      if (!entry.interactionId) continue;
      vitals.interactions.set(entry.interactionId, Math.max(vitals.interactions.get(entry.interactionId) ?? 0, entry.duration));
    }
  }).observe({ type: "event", buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
}

/** Two animation frames and a task: entries of what just happened have been delivered by then. */
async function settle(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
}

/**
 * Real interactions through Playwright, chosen to change nothing on the server: open and close
 * disclosures and popovers (filters, the date range), switch tabs, type into a search field.
 */
async function interact(page: Page): Promise<number> {
  let count = 0;
  const targets = page.locator('main [role="tab"]:visible, main button[aria-expanded]:visible, main button[aria-controls]:visible');
  const n = Math.min(await targets.count(), 4);
  for (let i = 0; i < n; i++) {
    const target = targets.nth(i);
    const role = await target.getAttribute("role");
    await target.click({ timeout: 5_000 }).catch(() => undefined);
    count++;
    await settle(page);
    if (role !== "tab") {
      await page.keyboard.press("Escape");
      count++;
      await settle(page);
    }
  }
  // Every page gets at least a click on its title and a key press, which change nothing.
  await page.locator("h1").first().click({ timeout: 5_000 }).catch(() => undefined);
  await page.keyboard.press("Tab");
  count += 2;
  await settle(page);
  const search = page.locator('main input[type="search"]:visible, main input[type="text"]:visible').first();
  if (await search.count()) {
    await search.click({ timeout: 5_000 }).catch(() => undefined);
    await page.keyboard.type("ab", { delay: 30 });
    count += 3;
    await settle(page);
    await page.keyboard.press("Escape");
  }
  return count;
}

type Sample = { lcp: number; cls: number; inp: number; interactions: number };

async function measure(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(installObservers);
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
    await page.waitForLoadState("networkidle").catch(() => undefined);
    await settle(page);
    // LCP stops at the first input, so it is read before any.
    const lcp = await page.evaluate(() => (window as unknown as { __vitals: { lcp: number } }).__vitals.lcp);
    const interactions = await interact(page);
    await settle(page);
    const { shifts, durations } = await page.evaluate(() => {
      const v = (window as unknown as { __vitals: { shifts: Array<{ t: number; v: number }>; interactions: Map<number, number> } }).__vitals;
      return { shifts: v.shifts, durations: [...v.interactions.values()] };
    });
    return { lcp, cls: cumulativeLayoutShift(shifts), inp: interactionToNextPaint(durations), interactions };
  } finally {
    await context.close();
  }
}

/** CLS: the largest session window (shifts under 1 s apart, at most 5 s long) of unexpected shifts. */
export function cumulativeLayoutShift(shifts: Array<{ t: number; v: number }>): number {
  let worst = 0;
  let sum = 0;
  let first = 0;
  let last = 0;
  for (const shift of shifts) {
    if (sum && shift.t - last < 1000 && shift.t - first < 5000) sum += shift.v;
    else {
      sum = shift.v;
      first = shift.t;
    }
    last = shift.t;
    worst = Math.max(worst, sum);
  }
  return worst;
}

/** INP: the slowest interaction, or the 98th percentile once there are 50 or more. 0 when none took 16 ms. */
export function interactionToNextPaint(durations: number[]): number {
  if (!durations.length) return 0;
  const sorted = [...durations].sort((a, b) => b - a);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length / 50))]!;
}

function figure(pathname: string, metric: "LCP" | "CLS" | "INP", samples: number[], note: string): Figure {
  const cls = metric === "CLS";
  const target = metric === "LCP" ? TARGETS.lcp : metric === "INP" ? TARGETS.inp : TARGETS.cls;
  const p95 = quantile(samples, 0.95);
  return {
    issue: 4,
    name: `admin ${pathname}: ${metric}`,
    unit: cls ? "score" : "ms",
    median: round(quantile(samples, 0.5), cls ? 3 : 0),
    p95: round(p95, cls ? 3 : 0),
    samples: samples.length,
    target: cls ? `≤ ${target}` : `≤ ${target} ms`,
    met: p95 <= target,
    note,
  };
}

/** Core Web Vitals of the embedded admin's pages in Chromium, on the demo (embedded database). */
export const adminVitals: Suite = {
  name: "admin-vitals",
  description: `issue 4: LCP, CLS and INP of the admin pages in headless Chromium, ${RUNS} cold runs each`,
  async run(): Promise<Figure[]> {
    ensureBuild(() => undefined);
    const dir = mkdtempSync(path.join(os.tmpdir(), "dokani-bench-vitals-"));
    const server = await startServer({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOKANI_DEMO: "1",
      DOKANI_DATA_DIR: dir,
      PORT: "0",
      LOG_LEVEL: "warn",
    } as unknown as NodeJS.ProcessEnv);
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const figures: Figure[] = [];
    try {
      for (const pathname of PAGES) {
        const url = `${server.url}${pathname}`;
        const probe = await fetch(url).catch(() => null);
        if (probe?.status !== 200) {
          figures.push({ issue: 4, name: `admin ${pathname}`, unit: "ms", samples: 0, note: `skipped: answers ${probe?.status ?? "nothing"}` });
          continue;
        }
        // One warm-up load so the figures are of the page, not of the server's first compile.
        await measure(browser, url);
        const samples: Sample[] = [];
        for (let i = 0; i < RUNS; i++) samples.push(await measure(browser, url));
        const note = `${samples[0]!.interactions} interactions a run; headless Chromium 1280×800, no throttling`;
        figures.push(figure(pathname, "LCP", samples.map((s) => s.lcp), note));
        figures.push(figure(pathname, "CLS", samples.map((s) => s.cls), note));
        figures.push(figure(pathname, "INP", samples.map((s) => s.inp), note));
      }
    } finally {
      await browser.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
