import { z } from "zod";
import { db } from "../../db.server";
import { AppError, validationError } from "../../errors";
import { integrationView } from "../../integrations/integrations.server";
import type { ShopContext } from "../../shops/shop-context";
import { connectWhatsApp, WhatsAppConnectionInput, whatsAppWebhookUrls } from "./whatsapp-connection.server";

/** What the settings card shows: the connection (never the token) and the URLs to paste in Twilio. */
export async function whatsAppSettings(shopId: string) {
  const row = await db().shopIntegration.findUnique({ where: { shopId_kind: { shopId, kind: "whatsapp" } } });
  const view = row ? integrationView(row) : null;
  const details = (view?.details ?? {}) as { accountSid?: string; from?: string; templates?: Array<{ name: string; contentSid: string; variables: string[] }> };
  return {
    status: view?.status ?? ("disconnected" as const),
    lastError: view?.lastError ?? null,
    accountSid: details.accountSid ?? "",
    from: details.from ?? "",
    templates: (details.templates ?? []).map((t) => `${t.name} ${t.contentSid} ${t.variables.join(",")}`.trim()).join("\n"),
    ...whatsAppWebhookUrls(shopId),
  };
}

/** One template a line: `name ContentSid 1,2` (variables optional). */
export function parseTemplateLines(text: string): Array<{ name: string; contentSid: string; variables: string[] }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = "", contentSid = "", variables = ""] = line.split(/\s+/);
      return { name, contentSid, variables: variables ? variables.split(",").map((v) => v.trim()).filter(Boolean) : [] };
    });
}

/** Saves the settings card's form through the same check as `PUT /api/v1/integrations/whatsapp`. */
export async function saveWhatsAppSettings(ctx: ShopContext, form: Record<string, FormDataEntryValue>) {
  const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string).trim() : "");
  const parsed = WhatsAppConnectionInput.safeParse({ accountSid: text("accountSid"), authToken: text("authToken"), from: text("from"), templates: parseTemplateLines(text("templates")) });
  if (!parsed.success) throw validationError(parsed.error);
  const saved = await connectWhatsApp(ctx, parsed.data);
  if (saved.status !== "connected") throw new AppError("integration_check_failed", "WhatsApp could not be connected.");
  return saved;
}

export const WhatsAppSettingsIntent = z.object({ intent: z.literal("whatsapp") }).loose();
