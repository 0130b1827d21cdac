import type { z } from "zod";
import { emailConnector } from "../channels/email/email-connector.server";
import type { IntegrationKind, ShopIntegration } from "../db.server";
import type { ShopContext } from "../shops/shop-context";
import { connectWhatsApp, WhatsAppConnectionInput } from "../channels/whatsapp/whatsapp-connection.server";
import { connectElevenLabs, connectTavus, disconnectElevenLabs, ElevenLabsConnectionInput, TavusConnectionInput } from "../calls/call-connections.server";

/**
 * How `PUT /api/v1/integrations/{kind}` connects each provider: the body's schema, and a `connect`
 * that checks the credentials against the provider (422 `integration_check_failed` with the
 * provider's own words when it refuses them, saving nothing) and then saves the connection.
 * A kind without a connector here cannot be connected yet and answers 404.
 */
export type IntegrationConnector<S extends z.ZodType = z.ZodType> = {
  schema: S;
  /** What connecting does, for the OpenAPI document (`PUT /api/v1/integrations/{kind}`). */
  summary: string;
  description: string;
  connect(ctx: ShopContext, body: z.output<S>): Promise<ShopIntegration>;
  /** Undo anything the provider holds for the shop when it disconnects (optional). */
  disconnect?(ctx: ShopContext, integration: ShopIntegration): Promise<void>;
};

export const integrationConnectors: Partial<Record<IntegrationKind, IntegrationConnector>> = {
  whatsapp: {
    schema: WhatsAppConnectionInput,
    summary: "Connect the shop's Twilio account for WhatsApp",
    description:
      "The credentials are checked with Twilio first; the auth token is stored encrypted and never answered back. The answer's details carry the webhook and status-callback URLs to paste in Twilio.",
    connect: connectWhatsApp,
  } satisfies IntegrationConnector<typeof WhatsAppConnectionInput> as IntegrationConnector,
  email: emailConnector as IntegrationConnector,
  elevenlabs: {
    schema: ElevenLabsConnectionInput,
    summary: "Connect the shop's ElevenLabs account for voice calls",
    description:
      "Connecting creates (or updates) the shop's voice agent from the assistant settings and the active policy, with Dokani's tools attached as webhook tools; a key ElevenLabs refuses answers 422 and saves nothing. The API key and webhook secret are stored encrypted. Details carry `agentId` and `webhookUrl` (the post-call webhook to set in ElevenLabs).",
    connect: connectElevenLabs,
    disconnect: disconnectElevenLabs,
  } satisfies IntegrationConnector<typeof ElevenLabsConnectionInput> as IntegrationConnector,
  tavus: {
    schema: TavusConnectionInput,
    summary: "Connect the shop's Tavus account for video calls",
    description: "A persona (PAL) is created from the assistant settings when none is given, or the one given is checked. Details carry `personaId`.",
    connect: connectTavus,
  } satisfies IntegrationConnector<typeof TavusConnectionInput> as IntegrationConnector,
};
