import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { issueApiKey } from "../.server/api-keys/issue-api-key.server";
import { listApiKeys } from "../.server/api-keys/list-api-keys.server";
import { revokeApiKey } from "../.server/api-keys/revoke-api-key.server";
import { env } from "../.server/env.server";
import { AppError } from "../.server/errors";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { readShopSettings } from "../.server/shops/shop-settings";
import { readAutoApprove, updateAutoApprove } from "../.server/shops/update-auto-approve.server";
import { updateShopSettings, type ShopSettingsPatch } from "../.server/shops/update-shop-settings.server";
import { portalPageUrl } from "../.server/returns/status-page-url";
import { defaultStorage } from "../.server/storage/file-storage.server";
import { AiSection } from "../components/settings/AiSection";
import { ApiKeysSection } from "../components/settings/ApiKeysSection";
import { AutoApproveSection } from "../components/settings/AutoApproveSection";
import { NotificationsSection } from "../components/settings/NotificationsSection";
import { RetentionSection } from "../components/settings/RetentionSection";
import { ReturnMethodsSection } from "../components/settings/ReturnMethodsSection";
import { StorageSection } from "../components/settings/StorageSection";
import { EmailChannelSection } from "../components/settings/EmailChannelSection";
import { DEMO_SMTP_PORT, ensureInboundAddress } from "../.server/channels/email/addresses.server";
import { db } from "../.server/db.server";
import type { SettingsResult } from "../components/settings/types";
import { useToast } from "../components/toast";
import { WhatsAppSection } from "../components/settings/WhatsAppSection";
import { whatsAppSettings } from "../.server/channels/whatsapp/whatsapp-settings.server";

export const meta: MetaFunction = () => [{ title: "Settings · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const { shop } = ctx;
  const config = env();
  const [policy, apiKeys, inboundAddress, emailIntegration] = await Promise.all([
    readAutoApprove(ctx),
    listApiKeys(ctx),
    ensureInboundAddress(shop),
    db().shopIntegration.findUnique({ where: { shopId_kind: { shopId: shop.id, kind: "email" } }, select: { details: true } }),
  ]);
  const supportAddress = (emailIntegration?.details as { replyToAddress?: unknown } | undefined)?.replyToAddress;
  const storage =
    defaultStorage() === "s3"
      ? { kind: "s3" as const, bucket: config.S3_BUCKET!, endpoint: config.S3_ENDPOINT ?? null, region: config.S3_REGION }
      : { kind: "local" as const, folder: path.join(config.dataDir, "uploads") };
  return {
    settings: readShopSettings(shop.settings),
    defaultPortalUrl: portalPageUrl({ ...shop, settings: {} }),
    shopEmail: shop.email,
    currency: shop.currency,
    policy,
    apiKeys,
    storage,
    smtp: Boolean(config.SMTP_URL),
    email: { inboundAddress, supportAddress: typeof supportAddress === "string" ? supportAddress : null, smtpPort: config.DOKANI_SMTP_PORT ?? (config.mode === "demo" ? DEMO_SMTP_PORT : null) },
    defaultModel: config.DOKANI_AI_MODEL,
    modelConfigured: Boolean(config.OPENAI_API_KEY),
    whatsapp: await whatsAppSettings(shop.id),
  };
}

type Form = Record<string, FormDataEntryValue>;
const text = (form: Form, key: string) => (typeof form[key] === "string" ? (form[key] as string).trim() : "");
const checked = (form: Form, key: string) => form[key] === "on";
/** A multi-line field, with the browser's CRLF line breaks made plain newlines. */
const lines = (form: Form, key: string) => text(form, key).replace(/\r\n?/g, "\n");
/** An optional text field: empty clears the setting back to its default. */
const optional = (form: Form, key: string) => text(form, key) || null;
/** A whole number as typed; anything else is passed on as text for the schema to refuse with its message. */
const days = (form: Form, key: string) => (/^\d{1,6}$/.test(text(form, key)) ? Number(text(form, key)) : text(form, key));

/** The settings patch each settings form sends, from its form fields. */
function patchOf(intent: string, form: Form): ShopSettingsPatch | null {
  switch (intent) {
    case "notifications":
      return {
        notificationEmail: optional(form, "notificationEmail")?.toLowerCase() ?? null,
        notifyOn: { returnNeedsReview: checked(form, "returnNeedsReview"), handoff: checked(form, "handoff"), securityEvent: checked(form, "securityEvent") },
      };
    case "ai":
      return {
        aiEnabled: checked(form, "aiEnabled"),
        aiModel: optional(form, "aiModel"),
        assistantName: text(form, "assistantName"),
        tone: text(form, "tone") as "friendly",
        language: text(form, "language"),
        greeting: optional(form, "greeting"),
      };
    case "returnMethods": {
      const locations: Array<{ name: string; address: string; hours?: string }> = [];
      for (let i = 0; i < 10; i++) {
        const [name, address, hours] = [text(form, `dropOff.locations.${i}.name`), text(form, `dropOff.locations.${i}.address`), text(form, `dropOff.locations.${i}.hours`)];
        // A row left empty is no location; a half-filled one is kept for the schema to point at.
        if (name || address || hours) locations.push({ name, address, ...(hours ? { hours } : {}) });
      }
      return {
        returnMethods: {
          sendWithinDays: days(form, "sendWithinDays") as number,
          ship: { enabled: checked(form, "ship.enabled"), address: lines(form, "ship.address"), instructions: lines(form, "ship.instructions") },
          dropOff: { enabled: checked(form, "dropOff.enabled"), locations, instructions: lines(form, "dropOff.instructions") },
          keepItem: { enabled: checked(form, "keepItem.enabled"), maxValue: text(form, "keepItem.maxValue") || "10.00" },
        },
        portalUrl: optional(form, "portalUrl"),
      };
    }
    case "retention":
      return { retention: { evidenceDays: days(form, "retention.evidenceDays") as number, conversationDays: days(form, "retention.conversationDays") as number } };
    default:
      return null;
  }
}

const SAVED: Record<string, string> = { notifications: "Notification settings saved", ai: "AI settings saved", retention: "Retention settings saved", returnMethods: "Return methods saved" };

const SettingsIntent = z.object({ intent: z.enum(["thresholds", "createApiKey", "revokeApiKey", "notifications", "ai", "retention", "returnMethods"]) }).loose();

export async function action({ request }: ActionFunctionArgs): Promise<SettingsResult> {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    SettingsIntent,
    async ({ intent }) => {
      switch (intent) {
        case "thresholds": {
          const saved = await updateAutoApprove(ctx, { enabled: checked(form, "enabled"), maxOrderValue: text(form, "maxOrderValue"), maxRiskScore: text(form, "maxRiskScore") });
          return { message: saved.changed ? `Saved and activated policy version ${saved.version}` : `Nothing changed; policy version ${saved.version} stays active` };
        }
        case "createApiKey": {
          const created = await issueApiKey(ctx, { name: form.name, scope: form.scope || undefined });
          return { message: "API key created", createdKey: { name: created.name, prefix: created.prefix, scope: created.scope, key: created.key } };
        }
        case "revokeApiKey": {
          const revoked = await revokeApiKey(ctx, { keyId: text(form, "keyId") });
          return { message: `API key “${revoked.name}” revoked` };
        }
        default: {
          const saved = await updateShopSettings(ctx, patchOf(intent, form)!);
          if (!saved.ok) throw new AppError("invalid_request", "Some fields are invalid. Correct them and save again.", { fields: saved.fields });
          return { message: SAVED[intent]! };
        }
      }
    },
    { invalid: () => "Unknown settings form." },
  );
}

/** Store-wide settings: auto-approval, return methods, notifications, AI, API keys, evidence storage and retention. */
export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const toast = useToast();

  useEffect(() => {
    if (result?.ok && result.intent !== "createApiKey" && result.intent !== "revokeApiKey") toast.show(result.message);
  }, [result, toast]);

  return (
    <Page title="Settings">
      <Layout>
        <AutoApproveSection policy={data.policy} currency={data.currency} result={result} />
        <ReturnMethodsSection settings={data.settings} defaultPortalUrl={data.defaultPortalUrl} currency={data.currency} result={result} />
        <NotificationsSection settings={data.settings} shopEmail={data.shopEmail} smtp={data.smtp} result={result} />
        <AiSection settings={data.settings} defaultModel={data.defaultModel} modelConfigured={data.modelConfigured} result={result} />
        <ApiKeysSection keys={data.apiKeys} result={result} />
        <WhatsAppSection whatsapp={data.whatsapp} />
        <EmailChannelSection inboundAddress={data.email.inboundAddress} supportAddress={data.email.supportAddress} smtpPort={data.email.smtpPort} smtp={data.smtp} />
        <StorageSection storage={data.storage} evidenceDays={data.settings.retention.evidenceDays} />
        <RetentionSection retention={data.settings.retention} result={result} />
      </Layout>
    </Page>
  );
}
