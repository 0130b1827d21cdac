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
  connect(ctx: ShopContext, body: z.output<S>): Promise<ShopIntegration>;
  /** Undo anything the provider holds for the shop when it disconnects (optional). */
  disconnect?(ctx: ShopContext, integration: ShopIntegration): Promise<void>;
};

export const integrationConnectors: Partial<Record<IntegrationKind, IntegrationConnector>> = {
  whatsapp: { schema: WhatsAppConnectionInput, connect: connectWhatsApp } satisfies IntegrationConnector<typeof WhatsAppConnectionInput> as IntegrationConnector,
  email: emailConnector as IntegrationConnector,
  elevenlabs: { schema: ElevenLabsConnectionInput, connect: connectElevenLabs, disconnect: disconnectElevenLabs } satisfies IntegrationConnector<typeof ElevenLabsConnectionInput> as IntegrationConnector,
  tavus: { schema: TavusConnectionInput, connect: connectTavus } satisfies IntegrationConnector<typeof TavusConnectionInput> as IntegrationConnector,
};
