import type { Conversation, Message, PrismaClient, Shop } from "../db.server";
import type { Prisma } from "../db.server";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import { publishChange } from "../conversations/conversation-events";
import { queueEventDeliveries } from "../outgoing-webhooks/queue-deliveries.server";
import { webhookPayloadFor } from "../outgoing-webhooks/event-payloads.server";
import type { AutomationEvent } from "./automation-event";
import { TRIGGER_OF_EVENT } from "./automation-event";
import { loopGuard, ruleMatches, type EvaluableRule } from "./evaluate-rules";
import { noReplyCheckJob } from "./jobs";
import { loadRuleFacts } from "./rule-facts.server";
import { readRuleDefinition } from "./rule-schema";
import { runRuleAction, type ActionOutcome } from "./run-rule-actions.server";
import { emitAutomationEvent } from "./emit-automation-event";
import { findShop } from "../shops/find-shop.server";

export type RuleRunReport = { ruleId: string; name: string; status: "ran" | "already_ran" | "guarded" | "no_match"; actions: ActionOutcome[] };

/** The shop's enabled rules in their order, definitions parsed (a row that no longer parses matches nothing). */
export async function loadEnabledRules(client: PrismaClient, shopId: string): Promise<EvaluableRule[]> {
  const rows = await client.automationRule.findMany({ where: { shopId, enabled: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true, name: true, definition: true } });
  return rows.map((r) => ({ id: r.id, name: r.name, definition: readRuleDefinition(r.definition) }));
}

/**
 * What the events of one change share: the shop's enabled rules and the event types its enabled
 * endpoints follow, each read once however many events the change raised (a new return raises two).
 */
export type ShopAutomation = {
  rules: (client: PrismaClient, shopId: string) => Promise<EvaluableRule[]>;
  followedTypes: (client: PrismaClient, shopId: string) => Promise<Set<string>>;
};

export function sharedAutomation(): ShopAutomation {
  const rules = new Map<string, Promise<EvaluableRule[]>>();
  const followed = new Map<string, Promise<Set<string>>>();
  const once = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let hit = map.get(key);
    if (!hit) {
      hit = load();
      map.set(key, hit);
      // A failed read is not kept: the next event reads again.
      hit.catch(() => map.delete(key));
    }
    return hit;
  };
  return {
    rules: (client, shopId) => once(rules, shopId, () => loadEnabledRules(client, shopId)),
    followedTypes: (client, shopId) =>
      once(followed, shopId, async () => {
        const rows = await client.$queryRaw<Array<{ type: string }>>`SELECT DISTINCT unnest("events") AS "type" FROM "webhook_endpoints" WHERE "shopId" = ${shopId}::uuid AND "enabled"`;
        return new Set(rows.map((r) => r.type));
      }),
  };
}

/**
 * Handles one event after its change committed: queues its outgoing webhooks, starts the waits of
 * `no_reply` rules on a shopper's message, then runs the matching rules in order. Each rule's run
 * row (unique per rule and event) commits with its actions, so a job that runs again skips what
 * already ran; a rule named in the event's origin (it caused the event) does not run again.
 */
export async function dispatchAutomationEvent(client: PrismaClient, event: AutomationEvent, now = new Date(), shared: ShopAutomation = sharedAutomation()): Promise<RuleRunReport[]> {
  const shop = await findShop(client, event.shopId);
  if (!shop || shop.uninstalledAt) return [];

  // The payload is built (the return read) only when an endpoint follows the event.
  if ((await shared.followedTypes(client, shop.id)).has(event.type)) {
    const payload = await webhookPayloadFor(client, event);
    if (payload) await runInTransaction((tx) => queueEventDeliveries(tx, shop.id, payload), client);
  }

  const rules = await shared.rules(client, shop.id);
  if (event.type === "message.received" && event.conversationId && event.messageId) {
    const waits = rules.filter((r) => r.definition?.trigger.type === "no_reply");
    for (const rule of waits) {
      const minutes = rule.definition!.trigger.type === "no_reply" ? rule.definition!.trigger.minutes : 0;
      const runAt = new Date(new Date(event.occurredAt).getTime() + minutes * 60_000);
      await enqueueJob(client, noReplyCheckJob, { shopId: shop.id, ruleId: rule.id, conversationId: event.conversationId, messageId: event.messageId }, { shopId: shop.id, runAt, dedupKey: `automation.no-reply:${rule.id}:${event.messageId}` });
    }
  }
  const trigger = TRIGGER_OF_EVENT[event.type];
  const candidates = rules.filter((r) => r.definition?.trigger.type === trigger);
  if (!candidates.length) return [];
  return runRules(client, shop, candidates, event, now);
}

async function runRules(client: PrismaClient, shop: Shop, rules: EvaluableRule[], event: AutomationEvent, now: Date): Promise<RuleRunReport[]> {
  const reports: RuleRunReport[] = [];
  let loaded = await loadRuleFacts(client, shop, event, now);
  for (const rule of rules) {
    if (loopGuard(rule.id, event)) {
      reports.push({ ruleId: rule.id, name: rule.name, status: "guarded", actions: [] });
      continue;
    }
    if (!ruleMatches(rule, event, loaded.facts)) {
      reports.push({ ruleId: rule.id, name: rule.name, status: "no_match", actions: [] });
      continue;
    }
    const changed: { conversation?: Conversation; messages: Message[] } = { messages: [] };
    const result = await runInTransaction(async (tx) => {
      const claimed = await tx.automationRun.createManyAndReturn({ data: [{ shopId: shop.id, ruleId: rule.id, eventKey: event.id, matched: true }], skipDuplicates: true, select: { id: true } });
      if (!claimed[0]) return null;
      // The conversation row is locked and read again, so the actions see what earlier rules did.
      let conversation = loaded.subject.conversation;
      if (conversation) {
        await tx.$queryRaw`SELECT 1 FROM "conversations" WHERE "id" = ${conversation.id}::uuid FOR UPDATE`;
        conversation = await tx.conversation.findUnique({ where: { id: conversation.id } });
      }
      const outcomes: ActionOutcome[] = [];
      for (const action of rule.definition!.actions) {
        const done = await runRuleAction(tx, rule, action, { shop, conversation, returnId: loaded.subject.returnId, event }, now);
        outcomes.push(done.outcome);
        if (done.conversation) conversation = changed.conversation = done.conversation;
        if (done.message) changed.messages.push(done.message);
      }
      await tx.automationRun.update({ where: { id: claimed[0].id }, data: { actions: outcomes as unknown as Prisma.InputJsonArray } });
      return outcomes;
    }, client);
    if (!result) {
      reports.push({ ruleId: rule.id, name: rule.name, status: "already_ran", actions: [] });
      continue;
    }
    reports.push({ ruleId: rule.id, name: rule.name, status: "ran", actions: result });
    if (changed.conversation) {
      await publishChange(changed.conversation, changed.messages);
      // Later rules see the tags, priority and state this rule left.
      loaded = { ...loaded, subject: { ...loaded.subject, conversation: changed.conversation }, facts: { ...loaded.facts, tags: changed.conversation.tags, priority: changed.conversation.priority } };
    }
  }
  return reports;
}

/** `automation.no-reply`: fires the rule's `conversation.no_reply` event when the shop has not answered the message since. */
export async function checkNoReply(client: PrismaClient, input: { shopId: string; ruleId: string; conversationId: string; messageId: string }) {
  const message = await client.message.findFirst({ where: { id: input.messageId, shopId: input.shopId, conversationId: input.conversationId }, select: { createdAt: true } });
  if (!message) return false;
  const replied = await client.message.count({ where: { conversationId: input.conversationId, shopId: input.shopId, internal: false, role: { in: ["agent", "ai"] }, createdAt: { gte: message.createdAt } } });
  if (replied) return false;
  const conversation = await client.conversation.findFirst({ where: { id: input.conversationId, shopId: input.shopId }, select: { channel: true, status: true } });
  if (!conversation || conversation.status === "closed") return false;
  await runInTransaction(
    (tx) => emitAutomationEvent(tx, { id: `conversation.no_reply:${input.ruleId}:${input.messageId}`, type: "conversation.no_reply", shopId: input.shopId, conversationId: input.conversationId, messageId: input.messageId, channel: conversation.channel, ruleId: input.ruleId }),
    client,
  );
  return true;
}
