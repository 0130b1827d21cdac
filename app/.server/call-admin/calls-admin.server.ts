import { z } from "zod";
import { getCallUsage, type CallUsage } from "../calls/get-call-usage.server";
import { listCallTests, testCallPersona, type CallTest } from "../calls/test-call-persona.server";
import { saveCallSettings } from "../calls/save-call-settings.server";
import { db, type IntegrationKind } from "../db.server";
import { AppError, validationError } from "../errors";
import { integrationConnectors } from "../integrations/connectors.server";
import { integrationView, removeIntegration } from "../integrations/integrations.server";
import type { ShopContext } from "../shops/shop-context";
import { readShopSettings, type CallSettings } from "../shops/shop-settings";

/*
 * The admin's Calls page: connecting ElevenLabs and Tavus through the same connectors as
 * `PUT /api/v1/integrations/{kind}` (checked with the provider, secrets sealed and never shown
 * again), switching voice and video on and off with their limits, testing the agent and the
 * persona, and the minutes used this month.
 */

export type CallProviderKind = "elevenlabs" | "tavus";
type Status = "connected" | "failing" | "disconnected";

export type VoiceConnectionView = { status: Status; lastError: string | null; agentId: string | null; webhookUrl: string | null; phoneNumberId: string | null; voiceId: string | null; syncedAt: string | null };
export type VideoConnectionView = { status: Status; lastError: string | null; personaId: string | null; replicaId: string | null; personaManaged: boolean; syncedAt: string | null };

export type CallsPageData = {
  voice: VoiceConnectionView;
  video: VideoConnectionView;
  settings: CallSettings;
  tests: CallTest[];
  usage: CallUsage;
};

const str = (value: unknown) => (typeof value === "string" && value ? value : null);

/** The UTC month (`YYYY-MM`) of an instant, as call usage counts months. */
export function monthOf(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Everything the Calls page shows; no secret leaves the server. */
export async function callsPageData(ctx: ShopContext, now = new Date()): Promise<CallsPageData> {
  const shopId = ctx.shop.id;
  const [rows, tests, usage] = await Promise.all([
    db().shopIntegration.findMany({ where: { shopId, kind: { in: ["elevenlabs", "tavus"] } } }),
    listCallTests(shopId),
    getCallUsage(shopId, monthOf(now)),
  ]);
  const of = (kind: IntegrationKind) => {
    const row = rows.find((r) => r.kind === kind);
    return row ? integrationView(row) : null;
  };
  const eleven = of("elevenlabs");
  const tavus = of("tavus");
  const ed = eleven?.details ?? {};
  const td = tavus?.details ?? {};
  return {
    voice: {
      status: eleven?.status ?? "disconnected",
      lastError: eleven?.lastError ?? null,
      agentId: str(ed.agentId),
      webhookUrl: str(ed.webhookUrl),
      phoneNumberId: str(ed.phoneNumberId),
      voiceId: str(ed.voiceId),
      syncedAt: str(ed.syncedAt),
    },
    video: {
      status: tavus?.status ?? "disconnected",
      lastError: tavus?.lastError ?? null,
      personaId: str(td.personaId),
      replicaId: str(td.replicaId),
      personaManaged: td.personaManaged === true,
      syncedAt: str(td.syncedAt),
    },
    settings: readShopSettings(ctx.shop.settings).calls,
    tests,
    usage,
  };
}

const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === "string" ? (form[key] as string).trim() : "");
const optional = (form: Record<string, unknown>, key: string) => text(form, key) || undefined;

/** Connects (or reconnects) a provider from the page's form, through the connector the API uses. */
export async function connectCallProvider(ctx: ShopContext, kind: CallProviderKind, form: Record<string, unknown>) {
  const connector = integrationConnectors[kind];
  if (!connector) throw new AppError("not_found", `Dokani cannot connect ${kind}.`);
  const body =
    kind === "elevenlabs"
      ? { apiKey: text(form, "apiKey"), webhookSecret: text(form, "webhookSecret"), phoneNumberId: optional(form, "phoneNumberId"), voiceId: optional(form, "voiceId") }
      : { apiKey: text(form, "apiKey"), replicaId: text(form, "replicaId"), personaId: optional(form, "personaId") };
  const parsed = connector.schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error, "Some fields are missing or invalid.");
  return connector.connect(ctx, parsed.data);
}

/** Disconnects a provider as `DELETE /api/v1/integrations/{kind}` does (the agent is removed at ElevenLabs). */
export async function disconnectCallProvider(ctx: ShopContext, kind: CallProviderKind): Promise<boolean> {
  const connector = integrationConnectors[kind];
  const row = await db().shopIntegration.findUnique({ where: { shopId_kind: { shopId: ctx.shop.id, kind } } });
  if (!row) return false;
  if (connector?.disconnect) await connector.disconnect(ctx, row);
  return removeIntegration(db(), ctx.shop.id, kind);
}

const checkbox = (form: Record<string, unknown>, key: string) => form[key] === "on" || form[key] === "true";
const whole = (form: Record<string, unknown>, key: string) => {
  const raw = text(form, key);
  return raw === "" ? Number.NaN : Number(raw);
};

/** Saves the switches and limits; invalid numbers write nothing and come back keyed by the form's field names. */
export async function saveCallSettingsForm(ctx: ShopContext, form: Record<string, unknown>): Promise<CallSettings> {
  const saved = await saveCallSettings(ctx, {
    voiceEnabled: checkbox(form, "voiceEnabled"),
    videoEnabled: checkbox(form, "videoEnabled"),
    maxDurationSeconds: whole(form, "maxDurationMinutes") * 60,
    maxConcurrentCalls: whole(form, "maxConcurrentCalls"),
  });
  if (!saved.ok) {
    const fields: Record<string, string> = {};
    for (const [key, message] of Object.entries(saved.fields)) {
      const name = key.replace(/^calls\./, "");
      if (name === "maxDurationSeconds") fields.maxDurationMinutes = /at least/.test(message) ? "must be at least 1 minute" : /at most/.test(message) ? "must be at most 60 minutes" : "must be a whole number of minutes";
      else fields[name] = message;
    }
    throw new AppError("invalid_request", "Some fields are missing or invalid.", { fields });
  }
  return saved.settings.calls;
}

/** Runs the provider test of the shop's agent or persona (logged with the others). */
export function runCallTest(ctx: ShopContext, kind: CallProviderKind): Promise<CallTest> {
  return testCallPersona(ctx.shop.id, kind);
}

/** The page's forms, one intent each. */
export const CallsPageIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("connect"), kind: z.enum(["elevenlabs", "tavus"]) }).loose(),
  z.object({ intent: z.literal("disconnect"), kind: z.enum(["elevenlabs", "tavus"]) }).loose(),
  z.object({ intent: z.literal("settings") }).loose(),
  z.object({ intent: z.literal("test"), kind: z.enum(["elevenlabs", "tavus"]) }).loose(),
]);
