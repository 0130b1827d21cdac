import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: the reliability suite. It starts its own PostgreSQL and Redis on free
 * ports, runs the app and workers as production-mode processes against them and breaks things:
 * one file at a time, every wait bounded.
 */
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    globalSetup: ["tests/faults/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
