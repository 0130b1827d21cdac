import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/*
 * The fault suite's own services: a PostgreSQL cluster and a Redis server on free ports in a temp
 * folder (never the machine's shared ones), the app and its workers as production-mode child
 * processes against them, and a stand-in model that is slow or hangs. Each can be killed and
 * started again, which is what the fault cases do.
 */

/** PostgreSQL's server binaries: DOKANI_PG_BIN, else the newest Debian-installed version. */
const PG_BIN = process.env.DOKANI_PG_BIN ?? newestPostgresBin();

function newestPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error("No PostgreSQL server binaries in /usr/lib/postgresql (install postgresql, or set DOKANI_PG_BIN)");
  return path.join(root, versions[0], "bin");
}
const NODE = process.execPath;
const ROOT = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws with `what`). */
export async function until<T>(check: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Runs a PostgreSQL binary as the `postgres` user when this process is root (PostgreSQL refuses root). */
function asPostgres(bin: string, args: string[]) {
  const command = path.join(PG_BIN, bin);
  return process.getuid?.() === 0 ? { command: "runuser", args: ["-u", "postgres", "--", command, ...args] } : { command, args };
}

export class PostgresServer {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "dokani-faults-pg-"));
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url() {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init() {
    chmodSync(this.dir, 0o700);
    if (process.getuid?.() === 0) {
      const pg = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
      const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
      chownSync(this.dir, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
    }
    const init = asPostgres("initdb", ["-D", path.join(this.dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    const result = spawnSync(init.command, init.args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr}`);
    await this.start();
  }

  async start() {
    const run = asPostgres("postgres", ["-D", path.join(this.dir, "data"), "-p", String(this.port), "-k", this.dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "max_connections=100"]);
    this.child = spawn(run.command, run.args, { stdio: ["ignore", "ignore", "pipe"] });
    this.child.stderr?.pipe(createWriteStream(path.join(os.tmpdir(), `dokani-faults-pg-${this.port}.log`), { flags: "a" }));
    await until(async () => spawnSync(path.join(PG_BIN, "pg_isready"), ["-h", "127.0.0.1", "-p", String(this.port), "-q"]).status === 0, 20_000, "PostgreSQL to accept connections");
  }

  /** A fast shutdown: sessions are terminated (57P01), new connections refused. */
  async stop() {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    // The postmaster itself (runuser does not pass signals on): its pid is the first line of postmaster.pid.
    const pid = Number(readFileSync(path.join(this.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGINT");
    await exited(child);
  }

  async destroy() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class RedisServer {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts an empty Redis (no snapshot, no append-only file): a restart loses everything it held. */
  async start() {
    this.child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir()], { stdio: "ignore" });
    await until(async () => spawnSync("redis-cli", ["-p", String(this.port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG", 10_000, "Redis to answer");
  }

  async kill() {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill("SIGKILL");
    await exited(child);
  }
}

export type AppEnv = Record<string, string>;

/** `npm start` or `npm run workers` as a child process in production mode. */
export class NodeProcess {
  private child?: ChildProcess;
  readonly log: string;
  constructor(
    readonly name: string,
    readonly entry: string,
    readonly env: AppEnv,
  ) {
    this.log = path.join(os.tmpdir(), `dokani-faults-${name}-${env.PORT ?? "w"}.log`);
  }

  async start(ready: () => Promise<boolean>) {
    const out = createWriteStream(this.log, { flags: "a" });
    const child = spawn(NODE, ["--import", "tsx", this.entry], { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    this.child = child;
    let early: string | null = null;
    child.once("exit", (code, signal) => (early = `${this.name} exited (${code ?? signal}); see ${this.log}`));
    await until(async () => {
      if (early) throw new Error(early);
      return ready();
    }, 60_000, `${this.name} to start`).catch((error: Error) => {
      throw new Error(early ?? error.message);
    });
  }

  get pid() {
    return this.child?.pid;
  }

  async kill(signal: NodeJS.Signals = "SIGKILL") {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill(signal);
    await exited(child);
  }
}

/**
 * A stand-in for the model provider: every chat completion waits `delayMs` and then answers 503
 * (triage falls back to the rules' recommendation, slowly enough for a worker to die mid-job), or
 * never answers at all while `hang` is set.
 */
export class SlowModel {
  private server?: Server;
  delayMs = 400;
  hang = false;
  requests = 0;
  url = "";

  async start() {
    this.server = createServer((req, res) => {
      req.resume();
      this.requests++;
      if (this.hang) return;
      setTimeout(() => {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "overloaded", type: "server_error" } }));
      }, this.delayMs);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
