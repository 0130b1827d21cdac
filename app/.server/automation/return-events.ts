import type { DbClient } from "../db.server";
import { emitAutomationEvent } from "./emit-automation-event";

/** Where the high-risk band starts (the admin's risk badge and triage's security event use the same line). */
export const HIGH_RISK_SCORE = 0.7;

/**
 * A return's events for rules and webhooks, emitted with the transaction that changed it:
 * `return.created` (and `return.high_risk` when its score is in the high band), `return.decided`
 * when approved or denied, `return.completed`.
 */
export async function emitReturnEvents(
  client: DbClient,
  row: { id: string; shopId: string; status: string; riskScore: number | null; conversationId: string | null },
  what: { created?: boolean; decided?: boolean; completed?: boolean },
) {
  const base = { shopId: row.shopId, returnId: row.id, conversationId: row.conversationId ?? undefined };
  if (what.created) {
    await emitAutomationEvent(client, { ...base, id: `return.created:${row.id}`, type: "return.created" });
    if (row.riskScore !== null && row.riskScore >= HIGH_RISK_SCORE) await emitAutomationEvent(client, { ...base, id: `return.high_risk:${row.id}`, type: "return.high_risk" });
  }
  if (what.decided) await emitAutomationEvent(client, { ...base, id: `return.decided:${row.id}:${row.status}`, type: "return.decided" });
  if (what.completed) await emitAutomationEvent(client, { ...base, id: `return.completed:${row.id}`, type: "return.completed" });
}
