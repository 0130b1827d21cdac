import { ensureBuild } from "../../scripts/ensure-build";
import { startFaultEnvironment } from "../../tests/faults/environment";
import { postgresDown, redisRestartedEmpty, workerKilledMidTriage } from "../../tests/faults/scenarios";
import type { Figure, Suite } from "../figures";

/**
 * What survives a dying worker, an emptied Redis and a stopped PostgreSQL, measured with the fault
 * suite's harness (tests/faults): its own PostgreSQL and Redis, the app and workers in production mode.
 */
export const faults: Suite = {
  name: "faults",
  description: "worker SIGKILLed mid-triage, Redis restarted empty, PostgreSQL down under load",
  async run(): Promise<Figure[]> {
    ensureBuild();
    const env = await startFaultEnvironment();
    try {
      const killed = await workerKilledMidTriage(env);
      const redis = await redisRestartedEmpty(env);
      const outage = await postgresDown(env);
      return [
        {
          issue: 14,
          name: "worker SIGKILLed twice during 50 triages: triaged exactly once",
          unit: "count",
          value: killed.exactlyOnce,
          samples: killed.total,
          target: "50 of 50",
          met: killed.exactlyOnce === killed.total,
          note: `never ${killed.never}, twice ${killed.twice}; ${killed.seconds.toFixed(0)} s in all`,
        },
        {
          issue: 14,
          name: "Redis restarted empty with 10 jobs queued: run within 30 s",
          unit: "count",
          value: redis.ranWithin30s,
          samples: redis.total,
          target: "10 of 10",
          met: redis.ranWithin30s === redis.total,
          note: `all done ${redis.seconds.toFixed(1)} s after the workers were back`,
        },
        {
          issue: 14,
          name: "PostgreSQL down 8 s under 6 clients: answers 500",
          unit: "count",
          value: outage.s500,
          samples: outage.answers,
          target: "0, all failures 503 with Retry-After",
          met: outage.s500 === 0 && outage.noAnswer === 0 && outage.s503 === outage.s503WithRetryAfter,
          note: `503 ${outage.s503} (${outage.s503WithRetryAfter} with Retry-After), no answer ${outage.noAnswer}, recovered ${outage.recovered}, triaged once ${outage.triagedExactlyOnce}/${outage.returnsBefore}`,
        },
      ];
    } finally {
      await env.stop();
    }
  },
};
