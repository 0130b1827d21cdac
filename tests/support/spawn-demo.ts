import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { START_TIMEOUT_MS } from "./timeouts";

export type DemoProcess = { child: ChildProcess; url: string; apiKey: string; output: () => string; stop: () => Promise<number | null> };

const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

/** The environment a new user has: no PostgreSQL, no Redis, nothing but what is passed. */
export function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", ...extra } as unknown as NodeJS.ProcessEnv;
}

/** Starts `npm run demo`'s entry point and resolves once it prints where it listens. */
export function spawnDemo(env: Record<string, string>, timeoutMs = START_TIMEOUT_MS): Promise<DemoProcess> {
  // As `npm run demo` runs it: one Node.js process with tsx's loader, so a signal reaches the server itself.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { env: bareEnv({ PORT: "0", ...env }), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the demo did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Dokani is running at (http:\/\/\S+)/.exec(output)?.[1];
      const apiKey = /Merchant API key:\s+(\S+)/.exec(output)?.[1];
      if (url && apiKey) {
        clearTimeout(timer);
        resolve({
          child,
          url,
          apiKey,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once("exit", (code) => done(code));
              child.kill("SIGTERM");
            }),
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code}:\n${output}`));
    });
  });
}

/** Runs the `dokani` CLI and returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [TSX, "bin/dokani.ts", ...args], { env: bareEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}
