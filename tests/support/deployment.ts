import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { START_TIMEOUT_MS } from "./timeouts";

/**
 * Dokani as it is deployed: web processes serving HTTP only, worker processes on BullMQ, and a
 * round-robin proxy in front when there are several web processes. The bench and the scale-out test
 * start it from here. Each process can count its database round trips (every query the `pg` driver
 * sends, transaction statements included) for `roundTrips()`.
 */

export type DokaniProcess = {
  kind: "app" | "workers";
  child: ChildProcess;
  pid: number;
  /** The app's URL (web processes only). */
  url: string;
  output: () => string;
  /** Database round trips this process has made since it started (needs `countRoundTrips`). */
  roundTrips: () => Promise<number>;
  /** The same count and the text of each query sent since the last report (needs `countRoundTrips` and `logQueries`). */
  roundTripLog: () => Promise<RoundTripReport>;
  /** CPU seconds (user + system) used so far, from /proc. */
  cpuSeconds: () => number;
  /** Resident memory now and at its highest, in MiB, from /proc. */
  memoryMiB: () => { rss: number; peak: number };
  stop: () => Promise<number | null>;
};

/** What the round-trip counter reports: its count, and the queries' text when asked to keep it. */
export type RoundTripReport = { count: number; queries?: string[] };

/** Counts round trips (and, with `logQueries`, keeps each query's text) in the files of this directory. */
export type CountOptions = { countRoundTrips?: string; logQueries?: boolean };

const COUNTER = path.resolve("tests/support/count-round-trips.mjs");

function bare(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", ...env } as unknown as NodeJS.ProcessEnv;
}

function spawnDokani(kind: DokaniProcess["kind"], entry: string, env: Record<string, string | undefined>, options: CountOptions & { ready: RegExp }): Promise<DokaniProcess> {
  const imports = ["--import", "tsx", ...(options.countRoundTrips ? ["--import", COUNTER] : [])];
  const child = spawn(process.execPath, [...imports, entry], {
    env: bare({ ...env, ...(options.countRoundTrips ? { DOKANI_ROUND_TRIPS_DIR: options.countRoundTrips, DOKANI_ROUND_TRIPS_QUERIES: options.logQueries ? "1" : "0" } : {}) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${kind} did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    let started = false;
    const onData = (chunk: Buffer) => {
      if (output.length < 200_000) output += chunk.toString();
      if (started) return;
      const match = options.ready.exec(output);
      if (!match) return;
      started = true;
      clearTimeout(timer);
      const pid = child.pid!;
      resolve({
        kind,
        child,
        pid,
        url: match[1] ?? "",
        output: () => output,
        roundTrips: async () => (await readRoundTrips(child, options.countRoundTrips)).count,
        roundTripLog: () => readRoundTrips(child, options.countRoundTrips),
        cpuSeconds: () => cpuSecondsOf(pid),
        memoryMiB: () => memoryOf(pid),
        stop,
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${kind} exited with ${code}:\n${output}`));
    });
  });
}

/** A web process (`server.ts`). */
export function startApp(env: Record<string, string | undefined>, options: CountOptions = {}) {
  return spawnDokani("app", "server.ts", env, { ...options, ready: /Dokani is running at (http:\/\/\S+)/ });
}

/** A worker process (`npm run workers`). */
export function startWorkers(env: Record<string, string | undefined>, options: CountOptions = {}) {
  return spawnDokani("workers", "workers/index.ts", env, { ...options, ready: /Dokani workers are running/ });
}

/** Asks the process for its count (SIGUSR2 makes the counter write `<pid>.json`) and reads it. */
async function readRoundTrips(child: ChildProcess, dir: string | undefined): Promise<RoundTripReport> {
  if (!dir) throw new Error("this process was started without countRoundTrips");
  const file = path.join(dir, `${child.pid}.json`);
  rmSync(file, { force: true });
  child.kill("SIGUSR2");
  for (let i = 0; i < 500; i++) {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as RoundTripReport;
      } catch {
        // Caught between the write's open and its end: read again.
      }
    }
    await delay(10);
  }
  throw new Error(`process ${child.pid} did not report its round trips`);
}

function cpuSecondsOf(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses) are utime and stime in clock ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rss: Math.round(kib("VmRSS") / 1024), peak: Math.round(kib("VmHWM") / 1024) };
}

/** A small HTTP proxy that hands each request to the next target in turn, as a load balancer would. */
export async function startRoundRobinProxy(targets: string[]): Promise<{ url: string; served: number[]; stop: () => Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const served = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next++ % targets.length;
    served[index]!++;
    const target = new URL(request.url ?? "/", targets[index]);
    const upstream = http.request(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host, "x-forwarded-for": request.socket.remoteAddress ?? "127.0.0.1" }, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.once("error", () => {
      if (!response.headersSent) response.writeHead(502, { "Content-Type": "application/json" });
      response.end('{"error":{"code":"platform_error","message":"upstream failed"}}');
    });
    request.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
