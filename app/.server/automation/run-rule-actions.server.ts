import { recordAudit, type Actor } from "../audit/record-audit";
import { getChannel } from "../channels/get-channel.server";
import type { Conversation, Message, Shop, Tx } from "../db.server";
import { enqueueJob } from "../jobs/enqueue-job";
import { notifyMerchant } from "../notifications/notify-merchant.server";
import { deliverReplyJob, wakeConversationJob } from "../conversations/jobs";
import { queueEndpointDelivery } from "../outgoing-webhooks/queue-deliveries.server";
import type { AutomationEvent } from "./automation-event";
import { fillVariables, type ReplyValues } from "./fill-variables";
import type { RuleAction } from "./rule-schema";
import { slaOnClose, slaOnPriority, slaOnReply, slaOnSnooze } from "./sla.server";

/** What one action did, for the run's record and the backtest's description. */
export type ActionOutcome = { type: RuleAction["type"]; done: boolean; note?: string };

export type ActionTarget = { shop: Shop; conversation: Conversation | null; returnId: string | null; event: AutomationEvent };

/** The actor of a rule's changes: the rule itself, by name. */
export function ruleActor(rule: { id: string; name: string }): Actor {
  return { type: "rules", id: rule.id, name: rule.name };
}

/** The values a saved reply's variables take for a conversation (and its return). */
export async function replyValues(tx: Tx, shop: Shop, conversation: Conversation | null, returnId: string | null, agentName?: string): Promise<ReplyValues> {
  const ret = returnId ? await tx.returnRequest.findFirst({ where: { id: returnId, shopId: shop.id }, select: { id: true, status: true, orderName: true, orderTotal: true, currency: true } }) : null;
  const name = conversation?.customerName ?? null;
  return {
    "contact.name": name,
    "contact.first_name": name?.split(/\s+/)[0] ?? null,
    "contact.email": conversation?.customerEmail ?? null,
    "order.name": ret?.orderName ?? null,
    "order.total": ret ? `${ret.orderTotal.toFixed(2)} ${ret.currency}` : null,
    "return.id": ret?.id ?? null,
    "return.status": ret?.status.replace(/_/g, " ") ?? null,
    "return.order_name": ret?.orderName ?? null,
    "shop.name": shop.name,
    "agent.name": agentName ?? null,
  };
}

/**
 * Runs one action in the rule's transaction, audited with the rule's name as the actor. Actions on
 * a conversation do nothing for an event without one (a return started on the portal). Returns
 * the outcome and, when it changed the conversation or wrote a message, the new state.
 */
export async function runRuleAction(
  tx: Tx,
  rule: { id: string; name: string },
  action: RuleAction,
  target: ActionTarget,
  now: Date,
): Promise<{ outcome: ActionOutcome; conversation?: Conversation; message?: Message }> {
  const { shop, event } = target;
  const actor = ruleActor(rule);
  const conversation = target.conversation;
  const audit = (entityType: string, entityId: string, auditAction: string, data: Record<string, unknown> = {}, message?: string) =>
    recordAudit(tx, { shopId: shop.id, entityType, entityId, action: auditAction, actor, message, data: { ruleId: rule.id, eventId: event.id, ...data } as never });

  if (action.type === "notify_merchant") {
    await notifyMerchant(tx, shop, { kind: "automation", subject: `Rule “${rule.name}”`, text: action.message, link: conversation ? `/app/conversations/${conversation.id}` : target.returnId ? `/app/returns/${target.returnId}` : undefined, relatedId: `${rule.id}:${event.id}`.slice(0, 100) });
    await audit(conversation ? "conversation" : target.returnId ? "return" : "rule", conversation?.id ?? target.returnId ?? rule.id, "rule.notified_merchant", { text: action.message });
    return { outcome: { type: action.type, done: true } };
  }
  if (action.type === "send_webhook") {
    const queued = await queueEndpointDelivery(tx, shop.id, action.endpointId, {
      id: `rule.matched:${rule.id}:${event.id}`,
      type: "rule.matched",
      data: { rule: { id: rule.id, name: rule.name }, event: { id: event.id, type: event.type, conversationId: event.conversationId ?? conversation?.id ?? null, returnId: event.returnId ?? target.returnId, callId: event.callId ?? null } },
    });
    await audit("rule", rule.id, "rule.sent_webhook", { endpointId: action.endpointId, queued });
    return { outcome: { type: action.type, done: queued, note: queued ? undefined : "endpoint missing or switched off" } };
  }
  if (!conversation) return { outcome: { type: action.type, done: false, note: "no conversation" } };
  const id = conversation.id;
  switch (action.type) {
    case "assign": {
      const updated = await tx.conversation.update({ where: { id }, data: { assigneeId: action.assigneeId, assigneeName: action.assigneeName } });
      await audit("conversation", id, "assigned", { to: action.assigneeName });
      return { outcome: { type: action.type, done: true }, conversation: updated };
    }
    case "add_tag":
    case "remove_tag": {
      const has = conversation.tags.includes(action.tag);
      if ((action.type === "add_tag") === has) return { outcome: { type: action.type, done: false, note: "no change" } };
      const tags = action.type === "add_tag" ? [...conversation.tags, action.tag] : conversation.tags.filter((t) => t !== action.tag);
      const updated = await tx.conversation.update({ where: { id }, data: { tags } });
      await audit("conversation", id, action.type === "add_tag" ? "tag_added" : "tag_removed", { tag: action.tag });
      return { outcome: { type: action.type, done: true }, conversation: updated };
    }
    case "set_priority": {
      if (conversation.priority === action.priority) return { outcome: { type: action.type, done: false, note: "no change" } };
      const updated = await tx.conversation.update({ where: { id }, data: { priority: action.priority } });
      await slaOnPriority(tx, id, action.priority);
      await audit("conversation", id, "priority_set", { from: conversation.priority, to: action.priority });
      return { outcome: { type: action.type, done: true }, conversation: updated };
    }
    case "set_ai": {
      if (conversation.aiActive === action.active) return { outcome: { type: action.type, done: false, note: "no change" } };
      const updated = await tx.conversation.update({ where: { id }, data: { aiActive: action.active } });
      await audit("conversation", id, action.active ? "ai_switched_on" : "ai_switched_off");
      return { outcome: { type: action.type, done: true }, conversation: updated };
    }
    case "snooze": {
      if (conversation.status === "closed") return { outcome: { type: action.type, done: false, note: "closed" } };
      const until = new Date(now.getTime() + action.minutes * 60_000);
      const updated = await tx.conversation.update({ where: { id }, data: { status: "snoozed", snoozedUntil: until } });
      await enqueueJob(tx, wakeConversationJob, { conversationId: id, snoozedUntil: until.toISOString() }, { shopId: shop.id, runAt: until, dedupKey: `conversations.wake:${id}:${until.toISOString()}` });
      await slaOnSnooze(tx, id, now);
      await audit("conversation", id, "snoozed", { until: until.toISOString() });
      return { outcome: { type: action.type, done: true }, conversation: updated };
    }
    case "close": {
      if (conversation.status === "closed") return { outcome: { type: action.type, done: false, note: "already closed" } };
      const updated = await tx.conversation.update({ where: { id }, data: { status: "closed", snoozedUntil: null, resolvedAt: now } });
      await slaOnClose(tx, id, now);
      await audit("conversation", id, "closed");
      return { outcome: { type: action.type, done: true }, conversation: updated };
    }
    case "reply": {
      const saved = await tx.savedReply.findFirst({ where: { id: action.savedReplyId, shopId: shop.id } });
      if (!saved) return { outcome: { type: action.type, done: false, note: "saved reply deleted" } };
      const text = fillVariables(saved.body, await replyValues(tx, shop, conversation, target.returnId)).trim();
      if (!text) return { outcome: { type: action.type, done: false, note: "empty reply" } };
      // A channel whose adapter has not landed yet still gets its delivery job; the job waits for the adapter.
      let deliver: boolean;
      try {
        deliver = !getChannel(conversation.channel).capabilities.streamsReplies;
      } catch {
        deliver = true;
      }
      const message = await tx.message.create({
        data: { shopId: shop.id, conversationId: id, role: "agent", text, authorName: shop.name, metadata: { savedReplyId: saved.id, ruleId: rule.id }, deliveryStatus: deliver ? "queued" : null, createdAt: now },
      });
      if (deliver) await enqueueJob(tx, deliverReplyJob, { shopId: shop.id, conversationId: id, messageId: message.id }, { shopId: shop.id, dedupKey: `conversations.deliver:${message.id}` });
      const updated = await tx.conversation.update({ where: { id }, data: { lastMessageAt: now, ...(conversation.firstResponseAt ? {} : { firstResponseAt: now }) } });
      await slaOnReply(tx, id, now);
      await audit("conversation", id, "replied", { savedReplyId: saved.id, messageId: message.id });
      return { outcome: { type: action.type, done: true }, conversation: updated, message };
    }
  }
}
