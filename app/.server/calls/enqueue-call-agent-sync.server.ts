import type { Tx } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { syncCallAgentsJob } from "./jobs";

/** The settings that shape a shop's voice agent and video persona (a change to any of them re-syncs both). */
export const CALL_AGENT_SETTINGS = ["assistantName", "tone", "language", "greeting", "calls"] as const;

/**
 * Queues `calls.sync-agents` in the caller's transaction when the shop has a call provider connected,
 * so the agent and persona follow the assistant settings and the active policy.
 */
export async function enqueueCallAgentSync(tx: Tx, shopId: string): Promise<void> {
  const connected = await tx.shopIntegration.count({ where: { shopId, kind: { in: ["elevenlabs", "tavus"] }, status: { not: "disconnected" } } });
  if (connected) await enqueueJob(tx, syncCallAgentsJob, { shopId }, { shopId });
}
