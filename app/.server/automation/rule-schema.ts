import { z } from "zod";

/**
 * The document of one automation rule: a trigger, conditions (an any/all group, nested at most
 * three deep) and actions. It is stored whole in `automation_rules.definition`, validated here on
 * every write (admin editor and merchant API alike), so the runner only ever reads a valid one.
 */

export const RULE_CHANNELS = ["chat", "email", "whatsapp", "voice", "video"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const RISK_BANDS = ["low", "medium", "high"] as const;
export const RULE_INTENTS = ["handoff", "cancel", "return", "order_status", "thanks", "greeting", "yes", "no", "shipping", "product", "question"] as const;
export const TRIGGER_TYPES = [
  "message_received",
  "conversation_created",
  "conversation_handed_off",
  "no_reply",
  "satisfaction_rated",
  "return_created",
  "return_decided",
  "return_high_risk",
  "call_ended",
] as const;
export const MAX_RULE_ACTIONS = 10;
export const MAX_CONDITIONS = 20;

export type Priority = (typeof PRIORITIES)[number];
export type RiskBand = (typeof RISK_BANDS)[number];
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** A tag as stored: lower case, letters, digits, `-` and `_`, at most 40 characters. */
export const TagSchema = z
  .string({ error: "must be a tag" })
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u, "must be 1 to 40 letters, digits, - or _");

const channels = z.array(z.enum(RULE_CHANNELS, { error: `must be one of ${RULE_CHANNELS.join(", ")}` })).min(1, "choose at least one channel").max(RULE_CHANNELS.length);

export const TriggerSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("message_received"), channels: channels.optional().describe("Only messages on these channels; unset: every channel") }),
    z.object({ type: z.literal("conversation_created") }),
    z.object({ type: z.literal("conversation_handed_off") }),
    z.object({ type: z.literal("no_reply"), minutes: z.number({ error: "must be a number of minutes" }).int("must be whole minutes").min(1, "must be at least 1 minute").max(10_080, "must be at most 10080 minutes (a week)") }),
    z.object({ type: z.literal("satisfaction_rated") }),
    z.object({ type: z.literal("return_created") }),
    z.object({ type: z.literal("return_decided") }),
    z.object({ type: z.literal("return_high_risk") }),
    z.object({ type: z.literal("call_ended") }),
  ],
  { error: `must be one of ${TRIGGER_TYPES.join(", ")}` },
);
export type Trigger = z.infer<typeof TriggerSchema>;

const amount = z.string({ error: "must be an amount such as 100.00" }).trim().regex(/^\d{1,9}(\.\d{1,2})?$/, "must be an amount such as 100.00");

const leafConditions = [
  z.object({ type: z.literal("channel"), in: channels }),
  z.object({
    type: z.literal("text_contains"),
    any: z.array(z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters")).min(1, "list at least one word or phrase").max(50, "list at most 50 words or phrases"),
  }),
  z.object({ type: z.literal("intent"), in: z.array(z.enum(RULE_INTENTS, { error: `must be one of ${RULE_INTENTS.join(", ")}` })).min(1, "choose at least one intent") }),
  z.object({ type: z.literal("language"), in: z.array(z.string().trim().regex(/^[a-z]{2}$/, "must be a language code such as en")).min(1, "choose at least one language").max(20) }),
  z.object({ type: z.literal("tag"), has: z.boolean().default(true), tag: TagSchema }),
  z.object({ type: z.literal("priority"), in: z.array(z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(", ")}` })).min(1, "choose at least one priority") }),
  z.object({ type: z.literal("open_return"), is: z.boolean({ error: "must be true or false" }) }),
  z.object({ type: z.literal("risk_band"), in: z.array(z.enum(RISK_BANDS, { error: `must be one of ${RISK_BANDS.join(", ")}` })).min(1, "choose at least one band") }),
  z.object({ type: z.literal("order_value"), op: z.enum(["gt", "gte", "lt", "lte"], { error: "must be gt, gte, lt or lte" }), amount }),
  z.object({ type: z.literal("business_hours"), inside: z.boolean({ error: "must be true or false" }) }),
] as const;
export const CONDITION_TYPES = ["channel", "text_contains", "intent", "language", "tag", "priority", "open_return", "risk_band", "order_value", "business_hours", "group"] as const;

export type LeafCondition = z.infer<(typeof leafConditions)[number]>;
export type ConditionGroup = { match: "all" | "any"; conditions: Condition[] };
export type Condition = LeafCondition | ({ type: "group" } & ConditionGroup);

function conditionSchema(depth: number): z.ZodType<Condition> {
  const options: z.ZodType[] = [...leafConditions];
  if (depth > 0) options.push(z.object({ type: z.literal("group"), ...groupShape(depth - 1) }));
  return z.discriminatedUnion("type", options as unknown as [z.ZodObject, ...z.ZodObject[]], {
    error: depth > 0 ? `must be one of ${CONDITION_TYPES.join(", ")}` : `must be one of ${CONDITION_TYPES.filter((t) => t !== "group").join(", ")} (groups nest at most three deep)`,
  }) as unknown as z.ZodType<Condition>;
}

function groupShape(depth: number) {
  return {
    match: z.enum(["all", "any"], { error: "must be all or any" }).default("all"),
    conditions: z.array(conditionSchema(depth)).max(MAX_CONDITIONS, `must list at most ${MAX_CONDITIONS} conditions`).default([]),
  };
}

export const ConditionGroupSchema: z.ZodType<ConditionGroup, ConditionGroup | undefined> = z
  .object(groupShape(2))
  .default({ match: "all", conditions: [] }) as unknown as z.ZodType<ConditionGroup, ConditionGroup | undefined>;

export const ACTION_TYPES = ["assign", "add_tag", "remove_tag", "set_priority", "reply", "set_ai", "snooze", "close", "notify_merchant", "send_webhook"] as const;

export const ActionSchema = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("assign"),
      assigneeId: z.string({ error: "must name a staff member" }).trim().min(1, "must name a staff member").max(200),
      assigneeName: z.string({ error: "must name a staff member" }).trim().min(1, "must name a staff member").max(200),
    }),
    z.object({ type: z.literal("add_tag"), tag: TagSchema }),
    z.object({ type: z.literal("remove_tag"), tag: TagSchema }),
    z.object({ type: z.literal("set_priority"), priority: z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(", ")}` }) }),
    z.object({ type: z.literal("reply"), savedReplyId: z.uuid("must be a saved reply") }),
    z.object({ type: z.literal("set_ai"), active: z.boolean({ error: "must be true or false" }) }),
    z.object({ type: z.literal("snooze"), minutes: z.number({ error: "must be a number of minutes" }).int("must be whole minutes").min(5, "must be at least 5 minutes").max(43_200, "must be at most 43200 minutes (30 days)") }),
    z.object({ type: z.literal("close") }),
    z.object({ type: z.literal("notify_merchant"), message: z.string({ error: "must be a message" }).trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters") }),
    z.object({ type: z.literal("send_webhook"), endpointId: z.uuid("must be a registered endpoint") }),
  ],
  { error: `must be one of ${ACTION_TYPES.join(", ")}` },
);
export type RuleAction = z.infer<typeof ActionSchema>;

export const RuleDefinitionSchema = z.object({
  trigger: TriggerSchema,
  conditions: ConditionGroupSchema,
  actions: z.array(ActionSchema).min(1, "add at least one action").max(MAX_RULE_ACTIONS, `must list at most ${MAX_RULE_ACTIONS} actions`),
});
export type RuleDefinition = z.infer<typeof RuleDefinitionSchema>;

/** The rule as the editor and the API write it: its name, whether it runs, and its document. */
export const RuleInputSchema = z.object({
  name: z.string({ error: "must be a name" }).trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
  enabled: z.boolean({ error: "must be true or false" }).default(false),
  trigger: TriggerSchema,
  conditions: ConditionGroupSchema,
  actions: RuleDefinitionSchema.shape.actions,
});
export type RuleInput = z.infer<typeof RuleInputSchema>;

/** Triggers that concern a conversation (the others concern a return or a call, and act on its conversation when it has one). */
export const CONVERSATION_TRIGGERS: ReadonlySet<TriggerType> = new Set(["message_received", "conversation_created", "conversation_handed_off", "no_reply", "satisfaction_rated"]);

/** A stored definition read back; a row that no longer parses is treated as a rule that matches nothing. */
export function readRuleDefinition(raw: unknown): RuleDefinition | null {
  const parsed = RuleDefinitionSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
