import type { AutomationEvent } from "./automation-event";
import { TRIGGER_OF_EVENT } from "./automation-event";
import type { Condition, ConditionGroup, Priority, RiskBand, RuleDefinition, Trigger } from "./rule-schema";

/**
 * Rule evaluation as pure functions: what a rule needs to know about an event (`RuleFacts`, read
 * once per event by the runner or the backtest) in, matching rules out. Nothing here reads the
 * database or the clock.
 */

export type RuleFacts = {
  channel: string | null;
  /** The shopper's message, for message triggers; empty otherwise. */
  text: string;
  intent: string | null;
  language: string | null;
  tags: readonly string[];
  priority: Priority | null;
  hasOpenReturn: boolean;
  riskBand: RiskBand | null;
  /** The order's value in the shop's currency, in cents. */
  orderValueCents: number | null;
  insideBusinessHours: boolean;
};

export type EvaluableRule = { id: string; name: string; definition: RuleDefinition | null };

/** How many rules deep a chain of events may go before the guard stops it. */
export const MAX_RULE_DEPTH = 3;

/** Whether the rule's trigger fires on this event. */
export function triggerMatches(trigger: Trigger, event: Pick<AutomationEvent, "type" | "channel" | "ruleId">, ruleId?: string): boolean {
  if (TRIGGER_OF_EVENT[event.type] !== trigger.type) return false;
  if (trigger.type === "message_received" && trigger.channels && !(event.channel && trigger.channels.includes(event.channel))) return false;
  // A wait that ran out belongs to the one rule that was waiting.
  if (trigger.type === "no_reply" && event.ruleId !== undefined && ruleId !== undefined && event.ruleId !== ruleId) return false;
  return true;
}

/** Lower case with accents removed, so "Endommagé" contains "endommage". */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

// One message is checked against many rules' phrases: its folded text is kept for the next check, and phrases are folded once.
let lastText = "";
let lastFolded = "";
const foldedPhrases = new Map<string, string>();

function foldedText(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastFolded = fold(text);
  }
  return lastFolded;
}

function foldedPhrase(phrase: string): string {
  let folded = foldedPhrases.get(phrase);
  if (folded === undefined) {
    if (foldedPhrases.size > 10_000) foldedPhrases.clear();
    folded = fold(phrase).trim();
    foldedPhrases.set(phrase, folded);
  }
  return folded;
}

function containsPhrase(text: string, phrase: string): boolean {
  const needle = foldedPhrase(phrase);
  if (!needle) return false;
  const haystack = foldedText(text);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    // A phrase matches at the start of a word: "damage" finds "damaged", "age" does not.
    const before = at === 0 ? "" : haystack[at - 1]!;
    if (!before || !/[\p{L}\p{N}]/u.test(before)) return true;
    from = at + 1;
  }
}

const CENTS = (amount: string) => Math.round(Number(amount) * 100);

/** Whether one condition holds for these facts. */
export function conditionHolds(condition: Condition, facts: RuleFacts): boolean {
  switch (condition.type) {
    case "channel":
      return facts.channel !== null && (condition.in as readonly string[]).includes(facts.channel);
    case "text_contains":
      return condition.any.some((p) => containsPhrase(facts.text, p));
    case "intent":
      return facts.intent !== null && (condition.in as readonly string[]).includes(facts.intent);
    case "language":
      return facts.language !== null && condition.in.includes(facts.language);
    case "tag":
      return facts.tags.includes(condition.tag) === condition.has;
    case "priority":
      return facts.priority !== null && condition.in.includes(facts.priority);
    case "open_return":
      return facts.hasOpenReturn === condition.is;
    case "risk_band":
      return facts.riskBand !== null && condition.in.includes(facts.riskBand);
    case "order_value": {
      if (facts.orderValueCents === null) return false;
      const limit = CENTS(condition.amount);
      const v = facts.orderValueCents;
      return condition.op === "gt" ? v > limit : condition.op === "gte" ? v >= limit : condition.op === "lt" ? v < limit : v <= limit;
    }
    case "business_hours":
      return facts.insideBusinessHours === condition.inside;
    case "group":
      return groupHolds(condition, facts);
  }
}

/** An all-group holds when every condition does (an empty one always); an any-group when one does (an empty one never). */
export function groupHolds(group: ConditionGroup, facts: RuleFacts): boolean {
  if (group.match === "all") return group.conditions.every((c) => conditionHolds(c, facts));
  return group.conditions.some((c) => conditionHolds(c, facts));
}

/** Whether a rule fires for an event with these facts. */
export function ruleMatches(rule: EvaluableRule, event: Pick<AutomationEvent, "type" | "channel" | "ruleId">, facts: RuleFacts): boolean {
  if (!rule.definition) return false;
  return triggerMatches(rule.definition.trigger, event, rule.id) && groupHolds(rule.definition.conditions, facts);
}

/** Why a rule does not run for an event that names it in its origin (the loop guard), or null when it may run. */
export function loopGuard(ruleId: string, event: Pick<AutomationEvent, "origin">): "caused_by_rule" | "too_deep" | null {
  if (!event.origin) return null;
  if (event.origin.depth >= MAX_RULE_DEPTH) return "too_deep";
  return event.origin.ruleIds.includes(ruleId) ? "caused_by_rule" : null;
}

/** The rules (already in their order) that fire for an event, the loop guard applied. */
export function matchingRules<R extends EvaluableRule>(rules: readonly R[], event: Pick<AutomationEvent, "type" | "channel" | "ruleId" | "origin">, facts: RuleFacts): R[] {
  return rules.filter((rule) => loopGuard(rule.id, event) === null && ruleMatches(rule, event, facts));
}

/** Whether any condition in the rule needs the shopper's message text or intent (so facts can skip reading it). */
export function needsMessage(definition: RuleDefinition): boolean {
  const walk = (group: ConditionGroup): boolean => group.conditions.some((c) => c.type === "text_contains" || c.type === "intent" || c.type === "language" || (c.type === "group" && walk(c)));
  return walk(definition.conditions);
}
