import nodemailer, { type Transporter } from "nodemailer";
import type { DbClient, EmailMessage } from "../db.server";
import { env } from "../env.server";

/** The threading and loop headers of a mail Dokani sends to a shopper. */
export type MailHeaders = { messageId?: string; inReplyTo?: string; references?: string[]; replyTo?: string; autoSubmitted?: "auto-replied" | "auto-generated" };

export type ShopperMail = {
  shopId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  headers?: MailHeaders;
  relatedType: string;
  relatedId: string;
};

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    if (transports.size > 10) transports.clear();
    transports.set(url, transport);
  }
  return transport;
}

/** The `From` of mail sent for a shop: `DOKANI_MAIL_FROM`, else the shop's name at the app's host; `fromName` renames the sender. */
export function shopSender(shopName: string, fromName?: string | null): string {
  const config = env();
  const configured = config.DOKANI_MAIL_FROM;
  const address = configured ? (/<([^>]+)>/.exec(configured)?.[1] ?? configured.trim()) : `no-reply@${new URL(config.appUrl).hostname}`;
  const name = (fromName ?? (configured && /</.test(configured) ? null : shopName) ?? shopName).replace(/["\r\n<>]/g, "").trim();
  return configured && !fromName && /</.test(configured) ? configured : `"${name}" <${address}>`;
}

/**
 * The one mail sender for shoppers' mail: the `email_messages` row is the record (the demo's
 * "Emails to shoppers" page reads it), then nodemailer sends it over `SMTP_URL`, or, without one,
 * it is `captured` there. A mail already sent or captured for the same `relatedType`/`relatedId`
 * is not sent again, so a retried job never mails twice. Throws when the SMTP server refuses, so the
 * caller's job tries again.
 */
export async function sendShopperMail(client: DbClient, mail: ShopperMail): Promise<EmailMessage> {
  const already = await client.emailMessage.findFirst({ where: { shopId: mail.shopId, relatedType: mail.relatedType, relatedId: mail.relatedId, status: { in: ["sent", "captured"] } } });
  if (already) return already;
  const config = env();
  const headers = mail.headers ?? {};
  const row = await client.emailMessage.create({
    data: {
      shopId: mail.shopId,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      status: "queued",
      transport: config.SMTP_URL ? "smtp" : "outbox",
      relatedType: mail.relatedType,
      relatedId: mail.relatedId,
      headers: { from: mail.from, ...headers },
    },
  });
  if (!config.SMTP_URL) return client.emailMessage.update({ where: { id: row.id }, data: { status: "captured" } });
  try {
    await transportFor(config.SMTP_URL).sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: headers.messageId,
      inReplyTo: headers.inReplyTo,
      references: headers.references,
      replyTo: headers.replyTo,
      headers: headers.autoSubmitted ? { "Auto-Submitted": headers.autoSubmitted } : undefined,
    });
    return client.emailMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: new Date() } });
  } catch (error) {
    await client.emailMessage.update({ where: { id: row.id }, data: { status: "failed", error: (error instanceof Error ? error.message : String(error)).slice(0, 500) } });
    throw error;
  }
}
