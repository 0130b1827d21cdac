import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseRuleInput } from "./rules.server";
import { ACTION_TYPES, CONDITION_TYPES, RuleInputSchema, TRIGGER_TYPES, type RuleInput } from "./rule-schema";

const REPLY_ID = "11111111-1111-4111-8111-111111111111";
const ENDPOINT_ID = "22222222-2222-4222-8222-222222222222";

const TRIGGERS = [
  { type: "message_received", channels: ["whatsapp", "email"] },
  { type: "message_received" },
  { type: "conversation_created" },
  { type: "conversation_handed_off" },
  { type: "no_reply", minutes: 30 },
  { type: "satisfaction_rated" },
  { type: "return_created" },
  { type: "return_decided" },
  { type: "return_high_risk" },
  { type: "call_ended" },
];
const CONDITIONS = [
  { type: "channel", in: ["chat"] },
  { type: "text_contains", any: ["damaged", "broken"] },
  { type: "intent", in: ["return"] },
  { type: "language", in: ["fr"] },
  { type: "tag", has: false, tag: "VIP" },
  { type: "priority", in: ["high", "urgent"] },
  { type: "open_return", is: true },
  { type: "risk_band", in: ["high"] },
  { type: "order_value", op: "gte", amount: "150.00" },
  { type: "business_hours", inside: false },
  { type: "group", match: "any", conditions: [{ type: "channel", in: ["email"] }, { type: "group", match: "all", conditions: [] }] },
];
const ACTIONS = [
  { type: "assign", assigneeId: "staff-1", assigneeName: "Sam" },
  { type: "add_tag", tag: "damaged" },
  { type: "remove_tag", tag: "new" },
  { type: "set_priority", priority: "high" },
  { type: "reply", savedReplyId: REPLY_ID },
  { type: "set_ai", active: false },
  { type: "snooze", minutes: 60 },
  { type: "close" },
  { type: "notify_merchant", message: "Look at this one" },
  { type: "send_webhook", endpointId: ENDPOINT_ID },
];

function rule(patch: Record<string, unknown> = {}) {
  return { name: "Damaged items", enabled: true, trigger: { type: "message_received" }, conditions: { match: "all", conditions: [] }, actions: [{ type: "close" }], ...patch };
}

function fieldsOf(input: unknown): Record<string, string> {
  try {
    parseRuleInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid_rules");
    return (error as AppError).fields ?? {};
  }
  throw new Error("the rule was accepted");
}

describe("the rule document", () => {
  it("names every trigger, condition and action the issue lists, and accepts each", () => {
    expect([...TRIGGER_TYPES].sort()).toEqual([...new Set(TRIGGERS.map((t) => t.type))].sort());
    expect([...CONDITION_TYPES].sort()).toEqual(CONDITIONS.map((c) => c.type).sort());
    expect([...ACTION_TYPES].sort()).toEqual(ACTIONS.map((a) => a.type).sort());
    for (const trigger of TRIGGERS) expect(RuleInputSchema.safeParse(rule({ trigger })).success, JSON.stringify(trigger)).toBe(true);
    const all = RuleInputSchema.parse(rule({ conditions: { match: "all", conditions: CONDITIONS }, actions: ACTIONS }));
    expect(all.conditions.conditions).toHaveLength(CONDITIONS.length);
    expect(all.actions.map((a) => a.type)).toEqual(ACTION_TYPES.slice());
  });

  it("normalises tags and fills defaults", () => {
    const parsed: RuleInput = RuleInputSchema.parse({ name: "  Tag it ", trigger: { type: "return_created" }, actions: [{ type: "add_tag", tag: " Damaged " }] });
    expect(parsed).toMatchObject({ name: "Tag it", enabled: false, conditions: { match: "all", conditions: [] }, actions: [{ type: "add_tag", tag: "damaged" }] });
  });

  it("refuses invalid documents with a field error where each problem is", () => {
    expect(fieldsOf({})).toEqual({ name: expect.any(String), trigger: expect.any(String), actions: expect.any(String) });
    expect(fieldsOf(rule({ trigger: { type: "when_i_say_so" } }))).toEqual({ "trigger.type": expect.stringContaining("must be one of") });
    expect(fieldsOf(rule({ trigger: { type: "no_reply", minutes: 0 } }))).toEqual({ "trigger.minutes": "must be at least 1 minute" });
    expect(fieldsOf(rule({ trigger: { type: "message_received", channels: ["fax"] } }))).toEqual({ "trigger.channels[0]": expect.stringContaining("must be one of") });
    expect(fieldsOf(rule({ actions: [] }))).toEqual({ actions: "add at least one action" });
    expect(fieldsOf(rule({ actions: [{ type: "add_tag", tag: "no spaces allowed" }] }))).toEqual({ "actions[0].tag": expect.stringContaining("letters, digits") });
    expect(fieldsOf(rule({ actions: [{ type: "close" }, { type: "reply", savedReplyId: "nope" }] }))).toEqual({ "actions[1].savedReplyId": "must be a saved reply" });
    expect(fieldsOf(rule({ actions: [{ type: "set_priority", priority: "asap" }] }))).toEqual({ "actions[0].priority": expect.stringContaining("low, normal, high, urgent") });
    expect(fieldsOf(rule({ actions: [{ type: "snooze", minutes: 1 }] }))).toEqual({ "actions[0].minutes": "must be at least 5 minutes" });
    expect(fieldsOf(rule({ conditions: { match: "all", conditions: [{ type: "order_value", op: "gte", amount: "lots" }] } }))).toEqual({ "conditions.conditions[0].amount": "must be an amount such as 100.00" });
    expect(fieldsOf(rule({ conditions: { match: "some", conditions: [] } }))).toEqual({ "conditions.match": "must be all or any" });
    expect(fieldsOf(rule({ conditions: { match: "all", conditions: [{ type: "text_contains", any: [] }] } }))).toEqual({ "conditions.conditions[0].any": "list at least one word or phrase" });
  });

  it("lets groups nest three deep and no deeper", () => {
    const nest = (depth: number): unknown => (depth === 0 ? { type: "channel", in: ["chat"] } : { type: "group", match: "any", conditions: [nest(depth - 1)] });
    expect(RuleInputSchema.safeParse(rule({ conditions: { match: "all", conditions: [nest(2)] } })).success).toBe(true);
    const fields = fieldsOf(rule({ conditions: { match: "all", conditions: [nest(3)] } }));
    expect(Object.values(fields)[0]).toContain("groups nest at most three deep");
  });
});
