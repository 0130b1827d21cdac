import { log } from "../logger.server";
import { jobSignals } from "./enqueue-job";

/**
 * The wake-up discipline both job runtimes share: run `claim` when woken (`kickJobs()` after a
 * commit) and every `pollMs` (rows written by other processes, retries coming due), never two at
 * once, and again straight away while it reports more waiting. `stop` waits for a claim in progress.
 */
export function startClaimLoop(options: { pollMs: number; claim: () => Promise<boolean>; label: string; /** Also run on `kickJobs()` (default true). */ wake?: boolean }) {
  let stopped = false;
  let cycle: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function drain() {
    do {
      again = false;
      if (await options.claim()) again = true;
    } while (again && !stopped);
  }

  function schedule() {
    if (stopped) return;
    if (cycle) {
      again = true;
      return;
    }
    cycle = drain()
      .catch((error) => log().error({ err: error }, options.label))
      .finally(() => {
        cycle = null;
        if (again) schedule();
      });
  }

  const onKick = () => schedule();
  if (options.wake !== false) jobSignals.on("kick", onKick);
  const poll = () => {
    schedule();
    timer = setTimeout(poll, options.pollMs);
    timer.unref();
  };
  poll();

  return {
    kick: schedule,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      jobSignals.off("kick", onKick);
      await cycle;
    },
  };
}
