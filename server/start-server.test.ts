import { request as httpRequest } from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "../app/.server/db.server";
import { parseEnv, resetEnv } from "../app/.server/env.server";
import { jobRegistry } from "../app/.server/job-registry.server";
import { bindJobHandler } from "../app/.server/jobs/bind-job-handler";
import { defineJob } from "../app/.server/jobs/define-job";
import { enqueueJob, kickJobs } from "../app/.server/jobs/enqueue-job";
import { jobEvents } from "../app/.server/jobs/runtime.server";
import { startServer, type RunningServer } from "./start-server";
import { START_TIMEOUT_MS } from "../tests/support/timeouts";

let release: () => void = () => {};
const finished: string[] = [];
const slowJob = defineJob({
  name: "test.slow",
  payload: z.object({ key: z.string() }),
});
// Added to the app's own registry: the server under test starts its runtime with it.
jobRegistry.register(
  bindJobHandler(slowJob, async () => async ({ key }) => {
    await new Promise<void>((resolve) => (release = resolve));
    finished.push(key);
  }),
);

let server: RunningServer | undefined;
afterAll(async () => {
  release();
  await server?.shutdown();
  resetEnv();
});

describe("graceful shutdown", () => {
  it("finishes the request and the job in flight before it closes", async () => {
    // A server of its own, on its own embedded database (not the file's test database).
    const config = parseEnv({
      ...process.env,
      DATABASE_URL: "",
      REDIS_URL: "",
      PORT: "0",
      HOST: "127.0.0.1",
      DOKANI_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "dokani-shutdown-")),
    });
    resetEnv(config);
    server = await startServer(config);

    const started = new Promise<void>((resolve) => jobEvents.once("job:started", () => resolve()));
    await enqueueJob(db(), slowJob, { key: "in-flight" });
    kickJobs();

    // A webhook whose body is still arriving when the shutdown begins.
    const received = new Promise((resolve) => server!.httpServer.once("request", resolve));
    const response = new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server!.url}/webhooks/app/uninstalled`, { method: "POST", headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength('{"id": 1, "x": 22}')) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write('{"id": 1, ');
      setTimeout(() => req.end('"x": 22}'), 300);
    });
    await started;
    await received;

    const shutdown = server.shutdown("test");
    let shutdownDone = false;
    void shutdown.then(() => (shutdownDone = true));
    // The request started before shutdown is answered (400: it carries none of Shopify's headers).
    expect(await response).toBe(400);
    expect(shutdownDone).toBe(false);
    // Shutdown waits for the job that is running.
    release();
    await shutdown;
    expect(finished).toEqual(["in-flight"]);
    server = undefined;
  }, START_TIMEOUT_MS);
});
