import { describe, expect, it } from "vitest";
import type { AutomationEvent } from "./automation-event";
import { BusinessHoursSchema } from "./automation-settings";
import { isWithinBusinessHours } from "./business-hours";
import { aiAnswersNow } from "./channel-ai-gate.server";
import { conditionHolds, loopGuard, matchingRules, MAX_RULE_DEPTH, ruleMatches, type RuleFacts } from "./evaluate-rules";
import { fillVariables, unknownVariables } from "./fill-variables";
import { RuleDefinitionSchema, type Condition } from "./rule-schema";

const FACTS: RuleFacts = { channel: "whatsapp", text: "Hi, my mug arrived DAMAGED and chipped", intent: "question", language: "en", tags: ["vip"], priority: "normal", hasOpenReturn: false, riskBand: "low", orderValueCents: 12_500, insideBusinessHours: true };
const EVENT: Pick<AutomationEvent, "type" | "channel" | "ruleId" | "origin"> = { type: "message.received", channel: "whatsapp" };

const DAMAGED = {
  id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  name: "Damaged items",
  definition: RuleDefinitionSchema.parse({
    trigger: { type: "message_received", channels: ["whatsapp", "email"] },
    conditions: { match: "all", conditions: [{ type: "text_contains", any: ["damaged", "broken"] }] },
    actions: [{ type: "add_tag", tag: "damaged" }, { type: "set_priority", priority: "high" }],
  }),
};

const holds = (condition: unknown, facts: Partial<RuleFacts> = {}) => conditionHolds(condition as Condition, { ...FACTS, ...facts });

describe("rule evaluation", () => {
  it("matches the example rule on WhatsApp and email, not on chat, and not without the words", () => {
    expect(ruleMatches(DAMAGED, EVENT, FACTS)).toBe(true);
    expect(ruleMatches(DAMAGED, { type: "message.received", channel: "email" }, FACTS)).toBe(true);
    expect(ruleMatches(DAMAGED, { type: "message.received", channel: "chat" }, FACTS)).toBe(false);
    expect(ruleMatches(DAMAGED, EVENT, { ...FACTS, text: "Where is my order?" })).toBe(false);
    expect(ruleMatches(DAMAGED, { type: "conversation.created", channel: "whatsapp" }, FACTS)).toBe(false);
    expect(ruleMatches({ ...DAMAGED, definition: null }, EVENT, FACTS)).toBe(false);
  });

  it("finds phrases at word starts, case and accents aside", () => {
    expect(holds({ type: "text_contains", any: ["damage"] })).toBe(true);
    expect(holds({ type: "text_contains", any: ["amaged"] })).toBe(false);
    expect(holds({ type: "text_contains", any: ["endommage"] }, { text: "Colis endommagé" })).toBe(true);
    expect(holds({ type: "text_contains", any: ["arrived damaged"] })).toBe(true);
  });

  it("checks every condition kind", () => {
    expect(holds({ type: "channel", in: ["whatsapp"] })).toBe(true);
    expect(holds({ type: "channel", in: ["chat"] })).toBe(false);
    expect(holds({ type: "intent", in: ["return"] }, { intent: "return" })).toBe(true);
    expect(holds({ type: "intent", in: ["return"] })).toBe(false);
    expect(holds({ type: "language", in: ["fr", "en"] })).toBe(true);
    expect(holds({ type: "tag", has: true, tag: "vip" })).toBe(true);
    expect(holds({ type: "tag", has: false, tag: "vip" })).toBe(false);
    expect(holds({ type: "priority", in: ["high"] })).toBe(false);
    expect(holds({ type: "open_return", is: false })).toBe(true);
    expect(holds({ type: "risk_band", in: ["high"] }, { riskBand: "high" })).toBe(true);
    expect(holds({ type: "risk_band", in: ["high"] }, { riskBand: null })).toBe(false);
    expect(holds({ type: "order_value", op: "gte", amount: "125.00" })).toBe(true);
    expect(holds({ type: "order_value", op: "gt", amount: "125" })).toBe(false);
    expect(holds({ type: "order_value", op: "lt", amount: "200" })).toBe(true);
    expect(holds({ type: "order_value", op: "lte", amount: "1" }, { orderValueCents: null })).toBe(false);
    expect(holds({ type: "business_hours", inside: true })).toBe(true);
  });

  it("evaluates any and all groups, nested; an empty all holds and an empty any does not", () => {
    const group = { type: "group", match: "any", conditions: [{ type: "channel", in: ["email"] }, { type: "group", match: "all", conditions: [{ type: "tag", has: true, tag: "vip" }, { type: "language", in: ["en"] }] }] };
    expect(holds(group)).toBe(true);
    expect(holds(group, { tags: [] })).toBe(false);
    expect(holds({ type: "group", match: "all", conditions: [] })).toBe(true);
    expect(holds({ type: "group", match: "any", conditions: [] })).toBe(false);
  });

  it("keeps the rules' order and the loop guard: a rule never runs for an event it caused, and chains stop", () => {
    const second = { ...DAMAGED, id: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", name: "Second" };
    expect(matchingRules([second, DAMAGED], EVENT, FACTS).map((r) => r.name)).toEqual(["Second", "Damaged items"]);
    const caused = { ...EVENT, origin: { ruleIds: [DAMAGED.id], depth: 1 } };
    expect(loopGuard(DAMAGED.id, caused)).toBe("caused_by_rule");
    expect(matchingRules([second, DAMAGED], caused, FACTS).map((r) => r.name)).toEqual(["Second"]);
    expect(matchingRules([second, DAMAGED], { ...EVENT, origin: { ruleIds: [], depth: MAX_RULE_DEPTH } }, FACTS)).toEqual([]);
  });

  it("knows business hours in the shop's time zone", () => {
    const hours = BusinessHoursSchema.parse({ enabled: true, openings: [{ day: "mon", open: "09:00", close: "17:00" }] });
    // Monday 2026-11-30 08:30 UTC is 09:30 in Paris and 03:30 in New York.
    expect(isWithinBusinessHours(hours, "Europe/Paris", new Date("2026-11-30T08:30:00Z"))).toBe(true);
    expect(isWithinBusinessHours(hours, "America/New_York", new Date("2026-11-30T08:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours({ ...hours, enabled: false }, "UTC", new Date("2026-11-29T03:00:00Z"))).toBe(true);
    expect(aiAnswersNow("outside_hours", true)).toBe(false);
    expect(aiAnswersNow("outside_hours", false)).toBe(true);
    expect(aiAnswersNow("off", false)).toBe(false);
  });

  it("fills saved replies' variables, with fallbacks, and names unknown ones", () => {
    const text = "Hi {{contact.first_name|there}}, sorry about {{ order.name }} ({{return.status}}). — {{shop.name}} {{contact.nickname}}";
    expect(fillVariables(text, { "contact.first_name": "Alex", "order.name": "#1001", "shop.name": "Linen & Co" })).toBe("Hi Alex, sorry about #1001 (). — Linen & Co {{contact.nickname}}");
    expect(fillVariables("Hi {{contact.first_name|there}}", {})).toBe("Hi there");
    expect(unknownVariables(text)).toEqual(["contact.nickname"]);
  });
});
