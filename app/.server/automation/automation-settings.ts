import { z } from "zod";
import { WEEKDAYS } from "../../components/automation/choices";
import { PRIORITIES, RULE_CHANNELS, type Priority } from "./rule-schema";

export { WEEKDAYS };

/**
 * The merchant's automation settings, kept in `shops.settings.automation`: business hours, which
 * channels the AI answers (and when), what the shopper hears when nobody answers, and the SLA
 * targets per priority.
 */

export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string({ error: "must be a time such as 09:00" }).regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be a time such as 09:00");

export const OpeningSchema = z
  .object({ day: z.enum(WEEKDAYS, { error: "must be mon, tue, wed, thu, fri, sat or sun" }), open: clock, close: clock })
  .refine((o) => o.open < o.close, { message: "must close after it opens", path: ["close"] });

export const BusinessHoursSchema = z.object({
  enabled: z.boolean().default(false).describe("Off: the shop counts as always open"),
  openings: z.array(OpeningSchema).max(21, "must list at most 21 openings").default([
    { day: "mon", open: "09:00", close: "17:00" },
    { day: "tue", open: "09:00", close: "17:00" },
    { day: "wed", open: "09:00", close: "17:00" },
    { day: "thu", open: "09:00", close: "17:00" },
    { day: "fri", open: "09:00", close: "17:00" },
  ]),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

/** When the AI answers on a channel: always, only outside business hours (the team answers inside them), or never. */
export const AI_MODES = ["always", "outside_hours", "off"] as const;
export type AiMode = (typeof AI_MODES)[number];

const minutes = (max: number) => z.number({ error: "must be a number of minutes" }).int("must be whole minutes").min(1, "must be at least 1 minute").max(max, `must be at most ${max} minutes`);
export const SlaTargetSchema = z.object({ firstResponseMinutes: minutes(43_200), resolutionMinutes: minutes(129_600) });
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

export const DEFAULT_SLA_TARGETS: Record<Priority, SlaTarget> = {
  urgent: { firstResponseMinutes: 15, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  normal: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  low: { firstResponseMinutes: 1440, resolutionMinutes: 4320 },
};

const aiModes = z.object(Object.fromEntries(RULE_CHANNELS.map((c) => [c, z.enum(AI_MODES, { error: "must be always, outside_hours or off" }).default("always")])) as Record<(typeof RULE_CHANNELS)[number], z.ZodDefault<z.ZodEnum<{ always: "always"; outside_hours: "outside_hours"; off: "off" }>>>);

export const AutomationSettingsSchema = z.object({
  businessHours: BusinessHoursSchema.default(BusinessHoursSchema.parse({})),
  aiChannels: aiModes.default(aiModes.parse({})),
  /** What the shopper hears when the AI does not answer and the team is away; unset: Dokani's words in the shopper's language. */
  awayMessage: z.string().trim().max(500, "must be at most 500 characters").optional(),
  sla: z
    .object(Object.fromEntries(PRIORITIES.map((p) => [p, SlaTargetSchema.default(DEFAULT_SLA_TARGETS[p])])) as Record<Priority, z.ZodDefault<typeof SlaTargetSchema>>)
    .default(DEFAULT_SLA_TARGETS),
});
export type AutomationSettings = z.infer<typeof AutomationSettingsSchema>;

export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = AutomationSettingsSchema.parse({});

/** The automation settings of a shop's `settings` JSON, defaults where missing or unreadable. */
export function readAutomationSettings(settings: unknown): AutomationSettings {
  const raw = settings && typeof settings === "object" ? (settings as Record<string, unknown>).automation : undefined;
  const parsed = AutomationSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_AUTOMATION_SETTINGS;
}
