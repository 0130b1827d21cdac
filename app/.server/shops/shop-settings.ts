import { z } from "zod";
import { AutomationSettingsSchema, DEFAULT_AUTOMATION_SETTINGS } from "../automation/automation-settings";

/**
 * A shop's settings, kept in `shops.settings` (JSON). Reading is forgiving: a missing or unreadable
 * field takes its default, so a settings row written by an older version never breaks a page or the
 * agent. Writing goes through `ShopSettingsSchema` whole, so nothing invalid is ever stored.
 */
const wholeDays = (min: number, max: number) =>
  z.number({ error: "must be a number of days" }).int("must be a whole number of days").min(min, `must be at least ${min} days`).max(max, `must be at most ${max} days`);

const DropOffLocationSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
  address: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
  hours: z.string().trim().max(200, "must be at most 200 characters").optional(),
});

/** How approved returns come back to the store (app/.server/returns/methods). */
export const ReturnMethodsSchema = z.object({
  sendWithinDays: wholeDays(1, 90).default(14).describe("Days after approval the shopper has to ship or drop off the items"),
  ship: z
    .object({
      enabled: z.boolean().default(true),
      address: z.string().trim().max(500, "must be at most 500 characters").default("").describe("The return address, as it goes on a parcel"),
      instructions: z.string().trim().max(1000, "must be at most 1000 characters").default("").describe("Packing instructions"),
    })
    .default({ enabled: true, address: "", instructions: "" }),
  dropOff: z
    .object({
      enabled: z.boolean().default(false),
      locations: z.array(DropOffLocationSchema).max(10, "must list at most 10 locations").default([]),
      instructions: z.string().trim().max(1000, "must be at most 1000 characters").default(""),
    })
    .default({ enabled: false, locations: [], instructions: "" }),
  keepItem: z
    .object({
      enabled: z.boolean().default(false),
      maxValue: z.string().trim().regex(/^\d{1,7}(\.\d{1,2})?$/, "must be an amount such as 15.00").default("10.00").describe("Returns worth at most this are settled without a parcel"),
    })
    .default({ enabled: false, maxValue: "10.00" }),
});
export type ReturnMethodsSettings = z.infer<typeof ReturnMethodsSchema>;

/** AI voice and video calls (app/.server/calls): both off until the merchant switches them on; every call has a length limit and each shop a cap on calls at once. */
export const CallSettingsSchema = z.object({
  voiceEnabled: z.boolean().default(false).describe("Shoppers may start voice calls (ElevenLabs) and the shop may place phone calls"),
  videoEnabled: z.boolean().default(false).describe("Shoppers may start video calls (Tavus)"),
  maxDurationSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(60, "must be at least 60 seconds")
    .max(3600, "must be at most 3600 seconds")
    .default(600)
    .describe("The longest a call may last; the provider ends it then"),
  maxConcurrentCalls: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(50, "must be at most 50").default(3).describe("Calls the shop may have at once"),
});
export type CallSettings = z.infer<typeof CallSettingsSchema>;
export const DEFAULT_CALL_SETTINGS: CallSettings = Object.freeze(CallSettingsSchema.parse({}));

const RETURN_METHOD_DEFAULTS: ReturnMethodsSettings = ReturnMethodsSchema.parse({});

export const ShopSettingsSchema = z.object({
  aiEnabled: z.boolean().default(true).describe("Whether the language model triages returns and answers chats"),
  aiModel: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,80}$/, "must be a model name such as gpt-4o-mini")
    .optional()
    .describe("The shop's model; unset uses DOKANI_AI_MODEL"),
  assistantName: z.string().trim().min(1, "must not be empty").max(40, "must be at most 40 characters").default("Dani").describe("The chat assistant's name"),
  tone: z.enum(["friendly", "professional", "concise"]).default("friendly").describe("How the assistant writes"),
  language: z
    .string()
    .trim()
    .regex(/^(auto|[a-z]{2}(-[A-Z]{2})?)$/, "must be auto or a language code such as en or fr-CA")
    .default("auto")
    .describe("The assistant's language; auto answers in the shopper's"),
  greeting: z.string().trim().max(300, "must be at most 300 characters").optional().describe("The chat's first message; unset uses a greeting in the assistant's name"),
  notificationEmail: z.email("must be an email address").max(254, "must be at most 254 characters").optional().describe("Where merchant notifications go"),
  notifyOn: z
    .object({
      returnNeedsReview: z.boolean().default(true),
      handoff: z.boolean().default(true),
      securityEvent: z.boolean().default(true),
      automation: z.boolean().default(true).describe("A rule's notify-the-merchant action"),
      webhooks: z.boolean().default(true).describe("A webhook endpoint switched off after a day of failures"),
    })
    .default({ returnNeedsReview: true, handoff: true, securityEvent: true, automation: true, webhooks: true }),
  retention: z
    .object({
      evidenceDays: z.number({ error: "must be a number of days" }).int("must be a whole number of days").min(30, "must be at least 30 days").max(3650, "must be at most 3650 days").default(365).describe("Days shopper photos are kept after their return closes"),
      conversationDays: z.number({ error: "must be a number of days" }).int("must be a whole number of days").min(30, "must be at least 30 days").max(3650, "must be at most 3650 days").default(730).describe("Days closed conversations are kept"),
    })
    .default({ evidenceDays: 365, conversationDays: 730 }),
  returnMethods: ReturnMethodsSchema.default(RETURN_METHOD_DEFAULTS),
  portalUrl: z
    .url("must be a web address such as https://example.com/pages/returns")
    .max(500, "must be at most 500 characters")
    .refine((u) => /^https?:\/\//.test(u), "must start with https:// or http://")
    .optional()
    .describe("The storefront page with the returns portal; the shopper's emails link to it"),
  woocommerce: z
    .object({
      gatewayRefunds: z.boolean().default(false).describe("WooCommerce refunds go back through the payment gateway (api_refund); off, the merchant pays back by hand"),
    })
    .default({ gatewayRefunds: false }),
  automation: AutomationSettingsSchema.default(DEFAULT_AUTOMATION_SETTINGS).describe("Business hours, the AI per channel, the away message and SLA targets (app/.server/automation)"),
  calls: CallSettingsSchema.default(DEFAULT_CALL_SETTINGS).describe("AI voice and video calls: switched on per kind, their length limit and the cap on calls at once"),
});

export type ShopSettings = z.infer<typeof ShopSettingsSchema>;

/** Settings already read, by the stored object they were read from (a cached shop row is read once). */
const readSettings = new WeakMap<object, ShopSettings>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The shop's settings with defaults filled in; fields that do not parse fall back to their defaults.
 * The answer is frozen and kept for the stored object it was read from, so a shop row that is read
 * on every request parses once.
 */
export function readShopSettings(raw: unknown): ShopSettings {
  if (raw && typeof raw === "object") {
    const known = readSettings.get(raw);
    if (known) return known;
    const settings = deepFreeze(parseShopSettings(raw));
    readSettings.set(raw, settings);
    return settings;
  }
  return parseShopSettings(raw);
}

function parseShopSettings(raw: unknown): ShopSettings {
  const source = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const whole = ShopSettingsSchema.safeParse(source);
  if (whole.success) return whole.data;
  const kept: Record<string, unknown> = {};
  const shape = ShopSettingsSchema.shape;
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    if (shape[key].safeParse(source[key]).success) kept[key] = source[key];
  }
  return ShopSettingsSchema.parse(kept);
}
