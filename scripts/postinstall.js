// After `npm install`: generate the Prisma client offline, then build the app so that
// `npm run demo` only has to start it. Skipped when installed as a dependency of another package.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("prisma/schema.prisma")) process.exit(0);
const npxEnv = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const steps = [
  ["npx", ["prisma", "generate"], npxEnv],
  ["npm", ["run", "build", "--silent"], process.env],
];
if (process.env.DOKANI_SKIP_BUILD === "1") steps.pop();
for (const [command, args, env] of steps) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
