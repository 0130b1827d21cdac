import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type Shop, type ShopIntegration } from "../db.server";
import { AppError } from "../errors";
import { openIntegration, recordIntegrationCheck, saveIntegration } from "../integrations/integrations.server";
import { randomToken } from "../security/secrets.server";
import type { ShopContext } from "../shops/shop-context";
import { buildVideoPersonaSpec, buildVoiceAgentSpec } from "./call-agent-brief.server";
import { CallProviderError } from "./call-provider";
import { callWebhookUrls } from "./call-urls";
import { deleteVoiceAgent, upsertVoiceAgent, type ElevenLabsConnection } from "./providers/elevenlabs";
import { upsertVideoPersona, checkVideoPersona, type TavusConnection } from "./providers/tavus";

/*
 * Connecting a shop's call providers (`PUT /api/v1/integrations/elevenlabs|tavus`). Connecting is
 * the check: the shop's agent (or persona) is created or updated with the key given, so a key
 * ElevenLabs or Tavus refuses answers 422 `integration_check_failed` in the provider's words and
 * nothing is saved. Keys and secrets are sealed; `details` holds what the merchant may read back.
 */

const secret = (what: string) =>
  z
    .string({ error: "is required" })
    .trim()
    .min(8, `must be the ${what}`)
    .max(256, `must be the ${what}`)
    .regex(/^[\x21-\x7e]+$/, `must be the ${what}`);

/** The body of `PUT /api/v1/integrations/elevenlabs` (API.md, "Provider connections"). */
export const ElevenLabsConnectionInput = z.object({
  apiKey: secret("account's API key (xi-api-key)"),
  webhookSecret: secret("post-call webhook's secret"),
  phoneNumberId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be an ElevenLabs phone number id").optional(),
  voiceId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be an ElevenLabs voice id").optional(),
});
export type ElevenLabsConnectionInput = z.infer<typeof ElevenLabsConnectionInput>;

/** The body of `PUT /api/v1/integrations/tavus`. */
export const TavusConnectionInput = z.object({
  apiKey: secret("account's API key (x-api-key)"),
  replicaId: z.string({ error: "is required" }).trim().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be a Tavus replica (face) id"),
  personaId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be a Tavus persona (PAL) id").optional(),
});
export type TavusConnectionInput = z.infer<typeof TavusConnectionInput>;

type VoiceSecrets = { apiKey: string; webhookSecret: string; toolSecret: string };
type VoiceDetails = { agentId: string; webhookUrl: string; phoneNumberId: string | null; voiceId: string | null; toolIds: Record<string, string>; syncedAt: string };
type VideoSecrets = { apiKey: string };
type VideoDetails = { personaId: string; replicaId: string; personaManaged: boolean; syncedAt: string };

/** A shop's open voice connection, as the adapter and the webhooks need it. */
export type VoiceConnection = ElevenLabsConnection & { integration: ShopIntegration; webhookSecret: string; toolSecret: string; details: VoiceDetails };
/** A shop's open video connection. */
export type VideoConnection = TavusConnection & { integration: ShopIntegration; details: VideoDetails };

const refused = (provider: string, error: unknown) => {
  if (error instanceof CallProviderError) {
    return new AppError("integration_check_failed", error.status === null ? `Dokani could not reach ${provider} to check this connection. Try again in a moment.` : `${provider} refused: ${error.message}`);
  }
  return error;
};

/** The shop's ElevenLabs connection with its secrets opened, or null when it has none. */
export async function openVoiceConnection(shopId: string): Promise<VoiceConnection | null> {
  const opened = await openIntegration<Partial<VoiceSecrets>>(db(), shopId, "elevenlabs");
  const details = opened?.details as Partial<VoiceDetails> | undefined;
  if (!opened || !details?.agentId || !opened.secrets.apiKey || !opened.secrets.webhookSecret || !opened.secrets.toolSecret) return null;
  return {
    integration: opened.integration,
    apiKey: opened.secrets.apiKey,
    webhookSecret: opened.secrets.webhookSecret,
    toolSecret: opened.secrets.toolSecret,
    agentId: details.agentId,
    phoneNumberId: details.phoneNumberId ?? null,
    details: details as VoiceDetails,
  };
}

/** The shop's Tavus connection with its key opened, or null when it has none. */
export async function openVideoConnection(shopId: string): Promise<VideoConnection | null> {
  const opened = await openIntegration<Partial<VideoSecrets>>(db(), shopId, "tavus");
  const details = opened?.details as Partial<VideoDetails> | undefined;
  if (!opened || !details?.personaId || !details.replicaId || !opened.secrets.apiKey) return null;
  return { integration: opened.integration, apiKey: opened.secrets.apiKey, personaId: details.personaId, replicaId: details.replicaId, details: details as VideoDetails };
}

/** Connects ElevenLabs: creates or updates the shop's agent and its tools with this key, then saves the connection. */
export async function connectElevenLabs(ctx: ShopContext, input: ElevenLabsConnectionInput): Promise<ShopIntegration> {
  const previous = await openVoiceConnection(ctx.shop.id);
  const toolSecret = previous?.toolSecret ?? randomToken(32);
  const sameAccount = previous?.apiKey === input.apiKey;
  let agent: { agentId: string; toolIds: Record<string, string> };
  try {
    const spec = await buildVoiceAgentSpec(ctx.shop, { toolSecret, voiceId: input.voiceId ?? null });
    agent = await upsertVoiceAgent(input.apiKey, spec, sameAccount ? { agentId: previous?.agentId, toolIds: previous?.details.toolIds } : {});
  } catch (error) {
    throw refused("ElevenLabs", error);
  }
  const details: VoiceDetails = {
    agentId: agent.agentId,
    webhookUrl: callWebhookUrls(ctx.shop.id).postCall,
    phoneNumberId: input.phoneNumberId ?? null,
    voiceId: input.voiceId ?? null,
    toolIds: agent.toolIds,
    syncedAt: new Date().toISOString(),
  };
  const saved = await saveIntegration(db(), { shopId: ctx.shop.id, kind: "elevenlabs", details: { ...details, tests: testsOf(previous?.integration) }, secrets: { apiKey: input.apiKey, webhookSecret: input.webhookSecret, toolSecret } satisfies VoiceSecrets });
  await recordAudit(db(), { shopId: ctx.shop.id, entityType: "integration", entityId: saved.id, action: "connected", actor: ctx.actor, data: { kind: "elevenlabs", agentId: agent.agentId, phoneNumberId: details.phoneNumberId } });
  return saved;
}

/** Connects Tavus: checks the persona given, or creates one for the shop, then saves the connection. */
export async function connectTavus(ctx: ShopContext, input: TavusConnectionInput): Promise<ShopIntegration> {
  const previous = await openVideoConnection(ctx.shop.id);
  let personaId: string;
  let personaManaged: boolean;
  try {
    if (input.personaId) {
      await checkVideoPersona(input.apiKey, input.personaId);
      personaId = input.personaId;
      personaManaged = false;
    } else {
      const reuse = previous?.details.personaManaged && previous.apiKey === input.apiKey ? previous.personaId : null;
      personaId = await upsertVideoPersona(input.apiKey, await buildVideoPersonaSpec(ctx.shop, input.replicaId), reuse);
      personaManaged = true;
    }
  } catch (error) {
    throw refused("Tavus", error);
  }
  const details: VideoDetails = { personaId, replicaId: input.replicaId, personaManaged, syncedAt: new Date().toISOString() };
  const saved = await saveIntegration(db(), { shopId: ctx.shop.id, kind: "tavus", details: { ...details, tests: testsOf(previous?.integration) }, secrets: { apiKey: input.apiKey } satisfies VideoSecrets });
  await recordAudit(db(), { shopId: ctx.shop.id, entityType: "integration", entityId: saved.id, action: "connected", actor: ctx.actor, data: { kind: "tavus", personaId, replicaId: input.replicaId, personaManaged } });
  return saved;
}

/** Deletes the shop's agent at ElevenLabs when it disconnects (a provider that refuses does not keep the shop connected). */
export async function disconnectElevenLabs(ctx: ShopContext): Promise<void> {
  const connection = await openVoiceConnection(ctx.shop.id);
  if (connection) await deleteVoiceAgent(connection).catch(() => undefined);
}

function testsOf(integration: ShopIntegration | undefined): unknown[] {
  const tests = (integration?.details as { tests?: unknown } | undefined)?.tests;
  return Array.isArray(tests) ? tests : [];
}

/**
 * Brings the shop's agent and managed persona up to date with its assistant settings and active
 * policy (the `calls.sync-agents` job, after either changes). A provider that refuses marks the
 * connection failing with its words; the next change or reconnect tries again.
 */
export async function syncCallAgents(shop: Shop): Promise<{ voice: boolean; video: boolean }> {
  const result = { voice: false, video: false };
  const voice = await openVoiceConnection(shop.id);
  if (voice) {
    try {
      const spec = await buildVoiceAgentSpec(shop, { toolSecret: voice.toolSecret, voiceId: voice.details.voiceId });
      const agent = await upsertVoiceAgent(voice.apiKey, spec, { agentId: voice.agentId, toolIds: voice.details.toolIds });
      await saveDetails(shop.id, "elevenlabs", { agentId: agent.agentId, toolIds: agent.toolIds, syncedAt: new Date().toISOString() });
      await recordIntegrationCheck(db(), { shopId: shop.id, kind: "elevenlabs", error: null });
      result.voice = true;
    } catch (error) {
      if (!(error instanceof CallProviderError)) throw error;
      await recordIntegrationCheck(db(), { shopId: shop.id, kind: "elevenlabs", error: `ElevenLabs refused the agent update: ${error.message}` });
      if (error.status === null || error.status >= 500) throw error;
    }
  }
  const video = await openVideoConnection(shop.id);
  if (video?.details.personaManaged) {
    try {
      await upsertVideoPersona(video.apiKey, await buildVideoPersonaSpec(shop, video.replicaId), video.personaId);
      await saveDetails(shop.id, "tavus", { syncedAt: new Date().toISOString() });
      await recordIntegrationCheck(db(), { shopId: shop.id, kind: "tavus", error: null });
      result.video = true;
    } catch (error) {
      if (!(error instanceof CallProviderError)) throw error;
      await recordIntegrationCheck(db(), { shopId: shop.id, kind: "tavus", error: `Tavus refused the persona update: ${error.message}` });
      if (error.status === null || error.status >= 500) throw error;
    }
  }
  return result;
}

/** Merges fields into an integration's details under its row lock (tests and syncs write the same JSON). */
export async function saveDetails(shopId: string, kind: "elevenlabs" | "tavus", change: Record<string, unknown> | ((details: Record<string, unknown>) => Record<string, unknown>)): Promise<void> {
  await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ details: unknown }>>`
      SELECT "details" FROM "shop_integrations" WHERE "shopId" = ${shopId}::uuid AND "kind" = ${kind}::"IntegrationKind" FOR UPDATE`;
    if (!rows[0]) return;
    const current = (rows[0].details ?? {}) as Record<string, unknown>;
    const next = typeof change === "function" ? change(current) : { ...current, ...change };
    await tx.shopIntegration.updateMany({ where: { shopId, kind }, data: { details: next as object } });
  });
}
