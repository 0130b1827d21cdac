import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("the environment", () => {
  it("has working defaults for the demo, without any variable set", () => {
    const env = parseEnv({ DOKANI_DEMO: "1" } as unknown as NodeJS.ProcessEnv);
    expect(env).toMatchObject({ mode: "demo", PORT: 3000, HOST: "127.0.0.1", shopifyApiSecret: "dokani-demo-secret" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: "mysql://localhost/db" }, "Invalid environment: DATABASE_URL must be a postgres:// or postgresql:// URL"],
    [{ REDIS_URL: "localhost:6379" }, "Invalid environment: REDIS_URL must be a redis:// or rediss:// URL"],
    [{ PORT: "eighty" }, "Invalid environment: PORT"],
    [{ DOKANI_SECRET: "short" }, "Invalid environment: DOKANI_SECRET must be at least 32 characters"],
    [{ DOKANI_DEMO_API_KEY: "secret" }, "Invalid environment: DOKANI_DEMO_API_KEY must look like dk_"],
    [{ NODE_ENV: "production" }, "Invalid environment: SHOPIFY_API_KEY is required in production"],
    [{ JOBS_IN_PROCESS: "false" }, "Invalid environment: JOBS_IN_PROCESS=false needs REDIS_URL"],
    [{ JOBS_IN_PROCESS: "no" }, "Invalid environment: JOBS_IN_PROCESS must be true or false"],
    [{ JOBS_QUEUE: "Dokani Jobs" }, "Invalid environment: JOBS_QUEUE must be lowercase letters, digits and dashes"],
  ])("names the variable that is wrong: %o", (source, message) => {
    expect(() => parseEnv(source as unknown as NodeJS.ProcessEnv)).toThrow(message);
  });

  it("stops the server at once with one line naming the bad variable", () => {
    const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "server.ts"], {
      env: { PATH: process.env.PATH, DATABASE_URL: "mysql://nope", DOKANI_DATA_DIR: process.env.DOKANI_DATA_DIR } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Invalid environment: DATABASE_URL must be a postgres:// or postgresql:// URL");
  });
});
