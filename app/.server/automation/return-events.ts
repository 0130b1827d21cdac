import type { DbClient } from "../db.server";
import type { AutomationEvent } from "./automation-event";
import { emitAutomationEvent, type EventInput } from "./emit-automation-event";

/** Where the high-risk band starts (the admin's risk badge and triage's security event use the same line). */
export const HIGH_RISK_SCORE = 0.7;

type ReturnFacts = { id: string; shopId: string; status: string; riskScore: number | null; conversationId: string | null };
type ReturnChange = { created?: boolean; decided?: boolean; completed?: boolean };

/**
 * A return's events for rules and webhooks: `return.created` (and `return.high_risk` when its score
 * is in the high band), `return.decided` when approved or denied, `return.completed`. Their ids are
 * fixed by the return and the change, so an event emitted twice is one event.
 */
export function returnEventInputs(row: ReturnFacts, what: ReturnChange): EventInput[] {
  const base = { shopId: row.shopId, returnId: row.id, conversationId: row.conversationId ?? undefined };
  const events: EventInput[] = [];
  if (what.created) {
    events.push({ ...base, id: `return.created:${row.id}`, type: "return.created" });
    if (row.riskScore !== null && row.riskScore >= HIGH_RISK_SCORE) events.push({ ...base, id: `return.high_risk:${row.id}`, type: "return.high_risk" });
  }
  if (what.decided) events.push({ ...base, id: `return.decided:${row.id}:${row.status}`, type: "return.decided" });
  if (what.completed) events.push({ ...base, id: `return.completed:${row.id}`, type: "return.completed" });
  return events;
}

/** The same events as they are dispatched, stamped `at` (a new return carries them in its follow-up job). */
export function returnEvents(row: ReturnFacts, what: ReturnChange, at: Date): AutomationEvent[] {
  return returnEventInputs(row, what).map((event) => ({ ...event, occurredAt: at.toISOString() }));
}

/** A return's events, emitted with the transaction that changed it (each an `automation.dispatch` job). */
export async function emitReturnEvents(client: DbClient, row: ReturnFacts, what: ReturnChange) {
  for (const event of returnEventInputs(row, what)) await emitAutomationEvent(client, event);
}
