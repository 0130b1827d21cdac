import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry === "generated") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Runs `npm run build` when the build is missing or older than the sources it is made from. */
export function ensureBuild(log: (line: string) => void = console.log) {
  const buildFile = path.resolve("build/server/index.js");
  const built = existsSync(buildFile) ? statSync(buildFile).mtimeMs : 0;
  const sources = Math.max(newestMtime("app"), newestMtime("prisma/migrations"), newestMtime("vite.config.ts"), newestMtime("package.json"));
  if (built >= sources) return;
  log(built ? "Sources changed since the last build: building…" : "Building the app (first run)…");
  const result = spawnSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}
