// `npm run demo`: builds the app when the build is missing or older than its sources, then starts
// the server in demo mode (embedded database, seeded demo store, loopback only).
import { ensureBuild } from "./ensure-build";

try {
  ensureBuild();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
process.env.DOKANI_DEMO = "1";
await import("../server");
