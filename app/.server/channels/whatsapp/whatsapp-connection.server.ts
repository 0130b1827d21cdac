import { z } from "zod";
import { db, type ShopIntegration } from "../../db.server";
import { env } from "../../env.server";
import { AppError } from "../../errors";
import { openIntegration, saveIntegration } from "../../integrations/integrations.server";
import type { ShopContext } from "../../shops/shop-context";
import { recordAudit } from "../../audit/record-audit";
import { twilioClient, twilioError } from "./twilio-client.server";

/** A WhatsApp address as Twilio writes it: `whatsapp:+E164`. */
export const WHATSAPP_SENDER = /^whatsapp:\+[1-9][0-9]{6,14}$/;

export const WhatsAppTemplate = z.object({
  name: z.string({ error: "is required" }).trim().regex(/^[a-z0-9_]{1,64}$/, "must be 1 to 64 lowercase letters, digits or _"),
  contentSid: z.string({ error: "is required" }).regex(/^HX[0-9a-f]{32}$/, "must be a Twilio Content SID (HX followed by 32 hex digits)"),
  variables: z.array(z.string().regex(/^[A-Za-z0-9_]{1,32}$/, "must be a variable name such as 1")).max(20, "must have at most 20 variables").default([]),
});
export type WhatsAppTemplate = z.infer<typeof WhatsAppTemplate>;

/** The body of `PUT /api/v1/integrations/whatsapp` (API.md, "Provider connections"). */
export const WhatsAppConnectionInput = z.object({
  accountSid: z.string({ error: "is required" }).trim().regex(/^AC[0-9a-f]{32}$/, "must be a Twilio account SID (AC followed by 32 hex digits)"),
  authToken: z.string({ error: "is required" }).trim().regex(/^[0-9a-zA-Z]{16,64}$/, "must be the account's auth token"),
  from: z.string({ error: "is required" }).trim().regex(WHATSAPP_SENDER, "must be the WhatsApp sender as whatsapp:+E164"),
  templates: z
    .array(WhatsAppTemplate)
    .max(50, "must have at most 50 templates")
    .default([])
    .refine((list) => new Set(list.map((t) => t.name)).size === list.length, "must not repeat a template name"),
});
export type WhatsAppConnectionInput = z.infer<typeof WhatsAppConnectionInput>;

/** What a WhatsApp connection shows (never the auth token). */
export type WhatsAppDetails = { accountSid: string; from: string; templates: WhatsAppTemplate[]; webhookUrl: string; statusCallbackUrl: string };
type WhatsAppSecrets = { authToken: string };

/** The public base URL Twilio calls back: `DOKANI_PUBLIC_URL`, else the app's URL. */
export function publicBaseUrl(): string {
  return (env().DOKANI_PUBLIC_URL ?? env().appUrl).replace(/\/+$/, "");
}

/** The two URLs a merchant pastes in Twilio for a shop. */
export function whatsAppWebhookUrls(shopId: string) {
  const base = `${publicBaseUrl()}/webhooks/twilio/${shopId}/whatsapp`;
  return { webhookUrl: base, statusCallbackUrl: `${base}/status` };
}

/** The shop's open WhatsApp connection (details and auth token), or null when it has none. */
export async function openWhatsAppConnection(shopId: string): Promise<{ integration: ShopIntegration; details: WhatsAppDetails; authToken: string } | null> {
  const opened = await openIntegration<WhatsAppSecrets>(db(), shopId, "whatsapp");
  if (!opened?.secrets.authToken) return null;
  const details = opened.details as Partial<WhatsAppDetails>;
  if (!details.accountSid || !details.from) return null;
  return {
    integration: opened.integration,
    details: { accountSid: details.accountSid, from: details.from, templates: z.array(WhatsAppTemplate).catch([]).parse(details.templates ?? []), ...whatsAppWebhookUrls(shopId) },
    authToken: opened.secrets.authToken,
  };
}

/**
 * Checks the credentials with Twilio (the account must exist, answer to this token and be active),
 * then saves the connection; a refusal is 422 `integration_check_failed` in Twilio's own words and
 * saves nothing.
 */
export async function connectWhatsApp(ctx: ShopContext, input: WhatsAppConnectionInput): Promise<ShopIntegration> {
  let account: { status: string; friendlyName: string };
  try {
    account = await twilioClient(input.accountSid, input.authToken).api.v2010.accounts(input.accountSid).fetch();
  } catch (error) {
    const refused = twilioError(error);
    if (refused) throw new AppError("integration_check_failed", `Twilio refused these credentials: ${refused.message}${refused.code ? ` (error ${refused.code})` : ""}.`);
    throw new AppError("integration_check_failed", "Dokani could not reach Twilio to check these credentials. Try again in a moment.");
  }
  if (account.status !== "active") throw new AppError("integration_check_failed", `Twilio says this account is ${account.status}, not active.`);
  const details: WhatsAppDetails = { accountSid: input.accountSid, from: input.from, templates: input.templates, ...whatsAppWebhookUrls(ctx.shop.id) };
  const saved = await saveIntegration(db(), { shopId: ctx.shop.id, kind: "whatsapp", details, secrets: { authToken: input.authToken } satisfies WhatsAppSecrets });
  await recordAudit(db(), { shopId: ctx.shop.id, entityType: "integration", entityId: saved.id, action: "connected", actor: ctx.actor, data: { kind: "whatsapp", accountSid: input.accountSid, from: input.from, templates: input.templates.map((t) => t.name) } });
  return saved;
}
