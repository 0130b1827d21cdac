import nodemailer from "nodemailer";
import { z } from "zod";
import type { DbClient, PrismaClient, Shop } from "../db.server";
import { env } from "../env.server";
import { clipText } from "../http/field-limits";
import { enqueueJob } from "../jobs/enqueue-job";
import { log } from "../logger.server";
import { readShopSettings, type ShopSettings } from "../shops/shop-settings";
import { sendMerchantEmailJob } from "./jobs";

/** What a merchant can be told about; each has its own switch in Settings → Notifications. */
export const MERCHANT_NOTIFICATION_KINDS = ["return_needs_review", "handoff", "security_event", "automation", "webhook_disabled"] as const;
export type MerchantNotificationKind = (typeof MERCHANT_NOTIFICATION_KINDS)[number];

const SWITCH: Record<MerchantNotificationKind, keyof ShopSettings["notifyOn"]> = {
  return_needs_review: "returnNeedsReview",
  handoff: "handoff",
  security_event: "securityEvent",
  automation: "automation",
  webhook_disabled: "webhooks",
};

const NotificationSchema = z.object({
  kind: z.enum(MERCHANT_NOTIFICATION_KINDS),
  // Made from stored values (a shopper's name or email): clipped, never refused, so a long but valid one still reaches the merchant.
  subject: z.string().trim().min(1).transform((v) => clipText(v, 200)),
  text: z.string().trim().min(1).transform((v) => clipText(v, 10_000)),
  /** An admin path (`/app/returns/<id>`) or an absolute URL; a path is made absolute with the app's URL. */
  link: z.string().trim().max(2_000).optional(),
  /** The thing the email is about (a return, an event, a conversation): at most one email per kind and thing. */
  relatedId: z.string().trim().min(1).max(100).optional(),
});

export type MerchantNotification = z.input<typeof NotificationSchema>;

/**
 * Tells the merchant about something that needs a person: writes an `email_messages` row to the
 * shop's notification email (or its contact email) when that kind of notification is on. Without
 * SMTP the email is `captured` at once (readable in the admin); with `SMTP_URL` it is `queued` and
 * the `notifications.merchant` job sends it after the caller's transaction commits, so a request
 * or a transaction never waits on a mail server. Returns the row, or null when nothing is sent
 * (switched off, no address, or already sent for this `relatedId`).
 */
export async function notifyMerchant(client: DbClient, shop: Pick<Shop, "id" | "name" | "email" | "settings">, notification: MerchantNotification) {
  const input = NotificationSchema.parse(notification);
  const settings = readShopSettings(shop.settings);
  if (!settings.notifyOn[SWITCH[input.kind]]) return null;
  const to = settings.notificationEmail ?? shop.email;
  if (!to) return null;

  const relatedType = `merchant:${input.kind}`;
  if (input.relatedId) {
    const already = await client.emailMessage.findFirst({ where: { shopId: shop.id, relatedType, relatedId: input.relatedId, status: { not: "failed" } }, select: { id: true } });
    if (already) return null;
  }
  const config = env();
  const link = input.link ? (/^https?:\/\//.test(input.link) ? input.link : `${config.appUrl}${input.link.startsWith("/") ? "" : "/"}${input.link}`) : null;
  const text = `${input.text}${link ? `\n\nOpen it in Dokani: ${link}` : ""}\n\n— Dokani for ${shop.name}`;
  const smtp = Boolean(config.SMTP_URL);
  const message = await client.emailMessage.create({
    data: {
      shopId: shop.id,
      to,
      subject: `[Dokani] ${input.subject}`,
      text,
      status: smtp ? "queued" : "captured",
      transport: smtp ? "smtp" : "outbox",
      relatedType,
      relatedId: input.relatedId ?? null,
    },
  });
  if (smtp) await enqueueJob(client, sendMerchantEmailJob, { emailId: message.id }, { shopId: shop.id, dedupKey: `notifications.merchant:${message.id}` });
  return message;
}

/** Sends one queued merchant email through SMTP; a row already sent (a repeated job) is left alone. */
export async function deliverMerchantEmail(client: PrismaClient, emailId: string, options: { finalAttempt?: boolean } = {}) {
  const message = await client.emailMessage.findUnique({ where: { id: emailId }, include: { shop: { select: { name: true } } } });
  if (!message || message.status === "sent" || message.status === "captured") return message;
  const config = env();
  if (!config.SMTP_URL) return client.emailMessage.update({ where: { id: message.id }, data: { status: "captured", transport: "outbox" } });
  try {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    await transport.sendMail({ from: config.DOKANI_MAIL_FROM ?? `Dokani <no-reply@${new URL(config.appUrl).hostname}>`, to: message.to, subject: message.subject, text: message.text });
    return client.emailMessage.update({ where: { id: message.id }, data: { status: "sent", sentAt: new Date(), error: null } });
  } catch (error) {
    log().warn({ err: error, emailId }, "merchant notification email failed");
    await client.emailMessage.update({ where: { id: message.id }, data: { error: error instanceof Error ? error.message : String(error), ...(options.finalAttempt ? { status: "failed" as const } : {}) } });
    throw error;
  }
}
