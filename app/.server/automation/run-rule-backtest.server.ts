import { RULE_BACKTEST_DAYS } from "../../components/automation/choices";
import { db, type AutomationBacktest, type Prisma, type PrismaClient } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import type { AutomationEvent, AutomationEventType } from "./automation-event";
import { ruleMatches } from "./evaluate-rules";
import { backtestRuleJob } from "./jobs";
import { loadRuleFacts } from "./rule-facts.server";
import { RuleDefinitionSchema, type RuleAction, type RuleDefinition } from "./rule-schema";

export { RULE_BACKTEST_DAYS };

const MAX_SAMPLES = 50;
const MAX_EVENTS = 5_000;

export type RuleBacktestMatch = { at: string; eventType: AutomationEventType; conversationId: string | null; returnId: string | null; who: string | null; excerpt: string | null };
export type RuleBacktestResult = { events: number; matched: number; matches: RuleBacktestMatch[]; wouldDo: string[]; truncated: boolean };

/** What an action would do, in the merchant's words. */
export function describeAction(action: RuleAction): string {
  switch (action.type) {
    case "assign": return `assign to ${action.assigneeName}`;
    case "add_tag": return `add the tag ${action.tag}`;
    case "remove_tag": return `remove the tag ${action.tag}`;
    case "set_priority": return `set the priority to ${action.priority}`;
    case "reply": return "reply with a saved reply";
    case "set_ai": return action.active ? "switch the AI on" : "switch the AI off";
    case "snooze": return `snooze for ${action.minutes} minutes`;
    case "close": return "close the conversation";
    case "notify_merchant": return "email the merchant";
    case "send_webhook": return "send a webhook";
  }
}

/** Queues a try of a rule document (saved or not) over the last `days` days; the admin polls its progress. */
export async function startRuleBacktest(ctx: ShopContext, input: { definition: unknown; days: number; ruleId?: string | null }): Promise<AutomationBacktest> {
  if (!(RULE_BACKTEST_DAYS as readonly number[]).includes(input.days)) throw new AppError("invalid_request", `Choose ${RULE_BACKTEST_DAYS.join(", ")} days.`, { fields: { days: `must be one of ${RULE_BACKTEST_DAYS.join(", ")}` } });
  const parsed = RuleDefinitionSchema.safeParse(input.definition);
  if (!parsed.success) throw new AppError("invalid_rules", "The rule is not valid yet.", { fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])) });
  const shopId = ctx.shop.id;
  if (input.ruleId && !(await db().automationRule.findFirst({ where: { id: input.ruleId, shopId }, select: { id: true } }))) throw new AppError("not_found", "No such rule.");
  return runInTransaction(async (tx) => {
    const backtest = await tx.automationBacktest.create({ data: { shopId, ruleId: input.ruleId ?? null, definition: parsed.data as unknown as Prisma.InputJsonObject, days: input.days } });
    await enqueueJob(tx, backtestRuleJob, { backtestId: backtest.id }, { shopId, dedupKey: `automation.backtest:${backtest.id}` });
    return backtest;
  });
}

type PastEvent = { event: AutomationEvent; who: string | null; excerpt: string | null };

/** The past events a trigger would have seen in the window, oldest first. */
async function pastEvents(client: PrismaClient, shopId: string, definition: RuleDefinition, since: Date): Promise<PastEvent[]> {
  const trigger = definition.trigger;
  const base = { shopId, occurredAt: "" };
  const at = (d: Date) => d.toISOString();
  switch (trigger.type) {
    case "message_received":
    case "no_reply": {
      const rows = await client.message.findMany({ where: { shopId, role: "customer", createdAt: { gte: since }, ...(trigger.type === "message_received" && trigger.channels ? { conversation: { channel: { in: trigger.channels } } } : {}) }, orderBy: { createdAt: "asc" }, take: MAX_EVENTS + 1, include: { conversation: { select: { channel: true, customerName: true, customerEmail: true } } } });
      const out: PastEvent[] = [];
      for (const m of rows) {
        if (trigger.type === "no_reply") {
          const replied = await client.message.count({ where: { conversationId: m.conversationId, role: { in: ["agent", "ai"] }, internal: false, createdAt: { gte: m.createdAt, lte: new Date(m.createdAt.getTime() + trigger.minutes * 60_000) } } });
          if (replied) continue;
        }
        out.push({ event: { ...base, id: `bt:${m.id}`, type: trigger.type === "no_reply" ? "conversation.no_reply" : "message.received", conversationId: m.conversationId, messageId: m.id, channel: m.conversation.channel, occurredAt: at(m.createdAt) }, who: m.conversation.customerName ?? m.conversation.customerEmail, excerpt: m.text.slice(0, 140) });
      }
      return out;
    }
    case "conversation_created":
    case "conversation_handed_off":
    case "satisfaction_rated": {
      const where: Prisma.ConversationWhereInput = trigger.type === "conversation_created" ? { createdAt: { gte: since } } : trigger.type === "conversation_handed_off" ? { handedOffAt: { gte: since } } : { satisfaction: { not: null }, updatedAt: { gte: since } };
      const rows = await client.conversation.findMany({ where: { shopId, ...where }, orderBy: { createdAt: "asc" }, take: MAX_EVENTS + 1 });
      const type = trigger.type === "conversation_created" ? "conversation.created" : trigger.type === "conversation_handed_off" ? "conversation.handed_off" : "conversation.rated";
      return rows.map((c) => ({ event: { ...base, id: `bt:${c.id}`, type, conversationId: c.id, channel: c.channel, occurredAt: at(c.handedOffAt ?? c.createdAt) }, who: c.customerName ?? c.customerEmail, excerpt: c.subject }));
    }
    case "return_created":
    case "return_decided":
    case "return_high_risk": {
      const where: Prisma.ReturnRequestWhereInput = trigger.type === "return_decided" ? { decidedAt: { gte: since }, status: { in: ["approved", "denied", "completed"] } } : trigger.type === "return_high_risk" ? { createdAt: { gte: since }, riskScore: { gte: 0.7 } } : { createdAt: { gte: since } };
      const rows = await client.returnRequest.findMany({ where: { shopId, ...where }, orderBy: { createdAt: "asc" }, take: MAX_EVENTS + 1 });
      const type = trigger.type === "return_created" ? "return.created" : trigger.type === "return_decided" ? "return.decided" : "return.high_risk";
      return rows.map((r) => ({ event: { ...base, id: `bt:${r.id}`, type, returnId: r.id, conversationId: r.conversationId ?? undefined, occurredAt: at(r.decidedAt ?? r.createdAt) }, who: r.customerName ?? r.customerEmail, excerpt: `${r.orderName} · ${r.status.replace(/_/g, " ")}` }));
    }
    case "call_ended": {
      const rows = await client.callSession.findMany({ where: { shopId, endedAt: { gte: since } }, orderBy: { endedAt: "asc" }, take: MAX_EVENTS + 1 });
      return rows.map((c) => ({ event: { ...base, id: `bt:${c.id}`, type: "call.ended", callId: c.id, conversationId: c.conversationId ?? undefined, occurredAt: at(c.endedAt ?? c.createdAt) }, who: c.customerEmail, excerpt: c.summary?.slice(0, 140) ?? null }));
    }
  }
}

/**
 * The `automation.backtest` job: every past event of the rule's trigger in the window, evaluated
 * with the rule's conditions as of then (the business hours of the event's time; tags and
 * priority as they are now), progress written as it goes. Nothing is changed.
 */
export async function runRuleBacktest(client: PrismaClient, backtestId: string) {
  const backtest = await client.automationBacktest.findUnique({ where: { id: backtestId }, include: { shop: true } });
  if (!backtest || backtest.status === "completed") return;
  const definition = RuleDefinitionSchema.safeParse(backtest.definition);
  if (!definition.success) throw new AppError("invalid_rules", "The rule no longer parses.");
  await client.automationBacktest.update({ where: { id: backtestId }, data: { status: "running", progress: 0, error: null } });
  const since = new Date(backtest.createdAt.getTime() - backtest.days * 86_400_000);
  const all = await pastEvents(client, backtest.shopId, definition.data, since);
  const truncated = all.length > MAX_EVENTS;
  const events = all.slice(0, MAX_EVENTS);
  const rule = { id: backtest.ruleId ?? "00000000-0000-0000-0000-000000000000", name: "draft", definition: definition.data };
  const matches: RuleBacktestMatch[] = [];
  let matched = 0;
  let lastProgress = 0;
  for (let i = 0; i < events.length; i++) {
    const past = events[i]!;
    const { facts } = await loadRuleFacts(client, backtest.shop, past.event, new Date(past.event.occurredAt));
    if (ruleMatches(rule, past.event, facts)) {
      matched += 1;
      if (matches.length < MAX_SAMPLES) matches.push({ at: past.event.occurredAt, eventType: past.event.type, conversationId: past.event.conversationId ?? null, returnId: past.event.returnId ?? null, who: past.who, excerpt: past.excerpt });
    }
    const progress = Math.floor(((i + 1) / events.length) * 100);
    if (progress >= lastProgress + 10 && progress < 100) {
      lastProgress = progress;
      await client.automationBacktest.update({ where: { id: backtestId }, data: { progress } });
    }
  }
  const result: RuleBacktestResult = { events: events.length, matched, matches, wouldDo: definition.data.actions.map(describeAction), truncated };
  await client.automationBacktest.update({ where: { id: backtestId }, data: { status: "completed", progress: 100, result: result as unknown as Prisma.InputJsonObject, completedAt: new Date() } });
}
