import { beforeEach, describe, expect, it } from "vitest";
import { merchantContext } from "../../../tests/support/contexts";
import { createShop } from "../../../tests/support/factories";
import { runOutbox } from "../../../tests/support/run-outbox";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db, type Shop } from "../db.server";
import { closeConversation } from "../conversations/close-conversation.server";
import { receiveMessage } from "../conversations/receive-message.server";
import { reopenConversation } from "../conversations/reopen-conversation.server";
import { snoozeConversation } from "../conversations/snooze-conversation.server";
import { unsnoozeConversation } from "../conversations/unsnooze-conversation.server";
import { runInTransaction } from "../jobs/enqueue-job";
import { dispatchAutomationEvent } from "./dispatch-automation-event.server";
import { emitAutomationEvent } from "./emit-automation-event";
import { createRule } from "./rules.server";
import { startRuleBacktest } from "./run-rule-backtest.server";
import { createSavedReply } from "./saved-replies.server";
import { slaForConversations } from "./sla.server";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const JOBS = ["automation.dispatch", "automation.backtest", "automation.no-reply"];

async function damagedRule(shop: Shop, patch: Record<string, unknown> = {}) {
  const ctx = await merchantContext(shop);
  const reply = await createSavedReply(ctx, { name: "Damaged item", body: "Hi {{contact.first_name|there}}, sorry your order arrived damaged. Send us a photo and we'll put it right. — {{shop.name}}" });
  const rule = await createRule(ctx, {
    name: "Damaged items",
    enabled: true,
    trigger: { type: "message_received", channels: ["whatsapp", "email"] },
    conditions: { match: "all", conditions: [{ type: "text_contains", any: ["damaged", "broken"] }] },
    actions: [
      { type: "add_tag", tag: "damaged" },
      { type: "set_priority", priority: "high" },
      { type: "assign", assigneeId: "staff-1", assigneeName: "Sam" },
      { type: "reply", savedReplyId: reply.id },
    ],
    ...patch,
  });
  return { ctx, reply, rule };
}

/** An email conversation with the shopper's message, and its `message.received` event, as the email channel's receiveMessage writes them. */
async function emailMessage(shop: Shop, text: string) {
  const conversation = await db().conversation.create({ data: { shopId: shop.id, channel: "email", customerEmail: "alex@example.com", customerName: "Alex Doe" } });
  const message = await db().message.create({ data: { shopId: shop.id, conversationId: conversation.id, role: "customer", text } });
  const event = { id: `message.received:${message.id}`, type: "message.received" as const, shopId: shop.id, conversationId: conversation.id, messageId: message.id, channel: "email" as const, occurredAt: new Date().toISOString() };
  await runInTransaction((tx) => emitAutomationEvent(tx, event));
  return { conversation, message, event };
}

describe("automation rules", () => {
  it("the example rule tags, prioritises, assigns and replies with the saved reply on an email, each action audited with the rule's name", async () => {
    const shop = await createShop({ name: "Linen & Co" });
    const { rule } = await damagedRule(shop);
    const { conversation } = await emailMessage(shop, "My vase arrived damaged!");
    await runOutbox(JOBS);
    const after = await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after).toMatchObject({ tags: ["damaged"], priority: "high", assigneeName: "Sam" });
    const replies = await db().message.findMany({ where: { conversationId: conversation.id, role: "agent" } });
    expect(replies.map((m) => m.text)).toEqual(["Hi Alex, sorry your order arrived damaged. Send us a photo and we'll put it right. — Linen & Co"]);
    expect(replies[0]!.deliveryStatus).toBe("queued");
    const audit = await db().auditLog.findMany({ where: { shopId: shop.id, entityType: "conversation", entityId: conversation.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["tag_added", "priority_set", "assigned", "replied"]);
    for (const row of audit) expect(row).toMatchObject({ actorType: "rules", actorId: rule.id, data: expect.objectContaining({ actorName: "Damaged items" }) });
  });

  it("does not act on a chat message or a message without the words", async () => {
    const shop = await createShop();
    await damagedRule(shop);
    const { conversation } = await emailMessage(shop, "Where is my parcel?");
    const ctx = await merchantContext(shop);
    const chat = await receiveMessage({ ...ctx, actor: { type: "shopper" } }, { channel: "chat", text: "It arrived damaged", clientAddress: "203.0.113.5" });
    await runOutbox(JOBS);
    for (const id of [conversation.id, chat.conversation.id]) expect(await db().conversation.findUniqueOrThrow({ where: { id } })).toMatchObject({ tags: [], priority: "normal" });
  });

  it("runs each rule at most once per event however often its job runs, in the rules' order", async () => {
    const shop = await createShop();
    const { ctx } = await damagedRule(shop);
    await createRule(ctx, { name: "Then urgent", enabled: true, trigger: { type: "message_received" }, conditions: { match: "all", conditions: [{ type: "tag", has: true, tag: "damaged" }] }, actions: [{ type: "set_priority", priority: "urgent" }] });
    const { conversation, event } = await emailMessage(shop, "broken handle");
    const first = await dispatchAutomationEvent(db(), event);
    const again = await dispatchAutomationEvent(db(), event);
    await Promise.all([dispatchAutomationEvent(db(), event), dispatchAutomationEvent(db(), event)]);
    // The second rule saw the tag the first one added.
    expect(first.map((r) => [r.name, r.status])).toEqual([["Damaged items", "ran"], ["Then urgent", "ran"]]);
    expect(again.map((r) => r.status)).toEqual(["already_ran", "already_ran"]);
    expect(await db().message.count({ where: { conversationId: conversation.id, role: "agent" } })).toBe(1);
    expect(await db().automationRun.count()).toBe(2);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).priority).toBe("urgent");
    // Emitting the same event again writes no second job.
    await runInTransaction((tx) => emitAutomationEvent(tx, event));
    expect(await db().jobOutbox.count({ where: { name: "automation.dispatch" } })).toBe(1);
  });

  it("never runs a rule for an event its own actions caused (the loop guard)", async () => {
    const shop = await createShop();
    const { rule } = await damagedRule(shop);
    const { event } = await emailMessage(shop, "damaged");
    const caused = { ...event, id: `${event.id}:echo`, origin: { ruleIds: [rule.id], depth: 1 } };
    const reports = await dispatchAutomationEvent(db(), caused);
    expect(reports).toEqual([expect.objectContaining({ status: "guarded" })]);
    expect(await db().automationRun.count()).toBe(0);
  });

  it("fires no_reply rules after their wait when the shop has not answered, and not when it has", async () => {
    const shop = await createShop();
    const ctx = await merchantContext(shop);
    await createRule(ctx, { name: "Waiting too long", enabled: true, trigger: { type: "no_reply", minutes: 30 }, actions: [{ type: "set_priority", priority: "urgent" }] });
    const waiting = await emailMessage(shop, "hello?");
    const answered = await emailMessage(shop, "hello again");
    await runOutbox(["automation.dispatch"]);
    await db().message.create({ data: { shopId: shop.id, conversationId: answered.conversation.id, role: "agent", text: "Hi!" } });
    const waits = await db().jobOutbox.findMany({ where: { name: "automation.no-reply" } });
    expect(waits).toHaveLength(2);
    expect(waits[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    await runOutbox(JOBS, { includeLater: true });
    expect((await db().conversation.findUniqueOrThrow({ where: { id: waiting.conversation.id } })).priority).toBe("urgent");
    expect((await db().conversation.findUniqueOrThrow({ where: { id: answered.conversation.id } })).priority).toBe("normal");
  });

  it("tries a draft rule over past conversations: what it would have matched and done, with progress, changing nothing", async () => {
    const shop = await createShop();
    const ctx = await merchantContext(shop);
    const other = await createShop();
    for (const [s, text] of [[shop, "It came broken"], [shop, "Thanks a lot"], [shop, "Box was DAMAGED"], [other, "damaged too"]] as const) {
      const c = await db().conversation.create({ data: { shopId: s.id, channel: "whatsapp", customerName: "Kim" } });
      await db().message.create({ data: { shopId: s.id, conversationId: c.id, role: "customer", text, createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    }
    const old = await db().conversation.create({ data: { shopId: shop.id, channel: "whatsapp" } });
    await db().message.create({ data: { shopId: shop.id, conversationId: old.id, role: "customer", text: "damaged long ago", createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    const backtest = await startRuleBacktest(ctx, {
      days: 30,
      definition: { trigger: { type: "message_received", channels: ["whatsapp", "email"] }, conditions: { match: "all", conditions: [{ type: "text_contains", any: ["damaged", "broken"] }] }, actions: [{ type: "add_tag", tag: "damaged" }, { type: "set_priority", priority: "high" }] },
    });
    expect(backtest).toMatchObject({ status: "queued", progress: 0 });
    await runOutbox(JOBS);
    const done = await db().automationBacktest.findUniqueOrThrow({ where: { id: backtest.id } });
    expect(done).toMatchObject({ status: "completed", progress: 100 });
    expect(done.result).toMatchObject({ events: 3, matched: 2, wouldDo: ["add the tag damaged", "set the priority to high"], matches: [{ excerpt: "It came broken" }, { excerpt: "Box was DAMAGED" }] });
    expect(await db().conversation.count({ where: { tags: { isEmpty: false } } })).toBe(0);
    await expect(startRuleBacktest(ctx, { days: 30, definition: { trigger: { type: "nope" }, actions: [] } })).rejects.toMatchObject({ code: "invalid_rules", fields: { "trigger.type": expect.any(String), actions: expect.any(String) } });
  });

  it("refuses a rule that names another shop's saved reply", async () => {
    const shop = await createShop();
    const { reply } = await damagedRule(await createShop());
    await expect(createRule(await merchantContext(shop), { name: "Theirs", trigger: { type: "conversation_created" }, actions: [{ type: "reply", savedReplyId: reply.id }] })).rejects.toMatchObject({
      code: "invalid_rules",
      fields: { "actions[0].savedReplyId": "must be one of your saved replies" },
    });
  });
});

describe("SLA cycles", () => {
  it("keep time across snoozes and reopenings", async () => {
    const shop = await createShop();
    const ctx = await merchantContext(shop);
    const received = await receiveMessage({ ...ctx, actor: { type: "shopper" } }, { channel: "chat", text: "Hello", clientAddress: "203.0.113.5" });
    const id = received.conversation.id;
    const cycles = () => db().slaCycle.findMany({ where: { conversationId: id }, orderBy: { startedAt: "asc" } });
    expect(await cycles()).toHaveLength(1);
    // Wind the cycle's start back three hours, as if the message came then.
    await db().slaCycle.updateMany({ where: { conversationId: id }, data: { startedAt: new Date(Date.now() - 3 * 3600_000) } });

    await snoozeConversation(ctx, { conversationId: id, until: new Date(Date.now() + 3 * 3600_000) });
    const paused = (await cycles())[0]!;
    expect(paused.pausedAt).not.toBeNull();
    expect((await slaForConversations(shop, [id])).get(id)!.firstResponse.state).toBe("paused");
    // Two hours asleep: the pause is moved back so it counts as two hours.
    await db().slaCycle.update({ where: { id: paused.id }, data: { pausedAt: new Date(Date.now() - 2 * 3600_000) } });
    await unsnoozeConversation(ctx, { conversationId: id });
    const resumed = (await cycles())[0]!;
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.pausedMs).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
    expect(resumed.pausedMs).toBeLessThan(2 * 3600_000 + 5000);

    // A message while snoozed ends the pause too.
    await snoozeConversation(ctx, { conversationId: id, until: new Date(Date.now() + 3 * 3600_000) });
    await receiveMessage({ ...ctx, actor: { type: "shopper" } }, { channel: "chat", text: "Still there?", clientAddress: "203.0.113.5", conversation: await db().conversation.findUniqueOrThrow({ where: { id } }) });
    expect((await cycles())[0]!.pausedAt).toBeNull();

    await closeConversation(ctx, { conversationId: id, askSatisfaction: false });
    const closed = (await cycles())[0]!;
    // An hour counted (the two asleep left out), well under the normal priority's day.
    expect(closed.resolutionMs).toBeGreaterThan(59 * 60_000);
    expect(closed.resolutionMs).toBeLessThan(62 * 60_000);

    await reopenConversation(ctx, { conversationId: id });
    expect(await cycles()).toHaveLength(2);
    // The shopper writing to a closed conversation opens a cycle of its own.
    await closeConversation(ctx, { conversationId: id, askSatisfaction: false });
    await receiveMessage({ ...ctx, actor: { type: "shopper" } }, { channel: "chat", text: "One more thing", clientAddress: "203.0.113.5", conversation: await db().conversation.findUniqueOrThrow({ where: { id } }) });
    const all = await cycles();
    expect(all).toHaveLength(3);
    expect(all.map((c) => c.resolvedAt === null)).toEqual([false, false, true]);
  });
});
