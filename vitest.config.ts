import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

/** Browser tests drive Debian's Chromium; a machine without it runs everything else (the global setup says so). */
export const CHROMIUM = "/usr/bin/chromium";
const browserTests = existsSync(CHROMIUM) ? [] : ["tests/e2e/**"];

export default defineConfig({
  test: {
    include: ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "bin/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts"],
    // The fault suite starts its own services and processes: `npm run test:faults`.
    exclude: ["node_modules", "build", "tests/faults/**", ...browserTests],
    // One process per test file: each file gets its own database and its own module state.
    pool: "forks",
    maxWorkers: 2,
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/each-file.ts"],
    // Sized for a busy 2-core machine; the slow files (servers, browsers, migrations) set their own
    // from tests/support/timeouts.ts. Tests never assert durations: that is the bench's job.
    testTimeout: 90_000,
    hookTimeout: 360_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
