import { createHash } from "node:crypto";
import EmailReplyParser from "email-reply-parser";
import { cutQuotedHtml, htmlToText } from "./html-to-text";

/**
 * THE email normaliser. Every way mail reaches Dokani (the Postmark and Mailgun webhooks, the
 * embedded SMTP receiver) turns its own shape into a `RawEmail` and hands it here, so threading,
 * quote stripping, HTML, attachments and loop detection behave the same whatever carried the mail.
 */

/** The largest message Dokani takes, whole (headers, bodies and attachments). */
export const MAX_EMAIL_BYTES = 15 * 1024 * 1024;
/** The most text kept of one email's body. */
export const MAX_EMAIL_TEXT_CHARS = 10_000;

export type RawAttachment = { filename: string | null; contentType: string; content: Buffer };

/** One inbound mail as an adapter hands it over: header values as the provider gave them. */
export type RawEmail = {
  messageId: string | null;
  from: { address: string; name: string | null } | null;
  to: string[];
  cc: string[];
  /** Where the message was delivered (SMTP RCPT TO, Postmark OriginalRecipient, Mailgun recipient). */
  envelopeTo: string[];
  replyTo: string | null;
  subject: string | null;
  date: string | null;
  inReplyTo: string | null;
  /** mailparser answers a string for one id and an array for several; providers give a space-separated header. */
  references: string | string[] | null;
  /** Header values by lowercase name. */
  headers: Record<string, string>;
  /** The envelope sender: "" for a null return path (`MAIL FROM:<>`, bounces), null when unknown. */
  returnPath: string | null;
  text: string | null;
  html: string | null;
  attachments: RawAttachment[];
  size: number;
};

/** Why a message is stored and never answered. */
export type EmailNoise = "auto_reply" | "bounce" | "list";

export type NormalisedEmail = {
  messageId: string;
  from: { address: string; name: string | null };
  replyTo: string | null;
  to: string[];
  cc: string[];
  envelopeTo: string[];
  subject: string;
  date: string | null;
  inReplyTo: string | null;
  /** Oldest first, each `<id>`. */
  references: string[];
  /** What the sender wrote: quoted history and signatures stripped, HTML rendered to text. */
  text: string;
  noise: EmailNoise | null;
  /** The headers the inbox shows. */
  headers: Record<string, string>;
  attachments: RawAttachment[];
};

export class EmailRefused extends Error {
  constructor(
    readonly reason: "too_large" | "no_sender",
    message: string,
  ) {
    super(message);
    this.name = "EmailRefused";
  }
}

const MSG_ID = /<[^<>\s]{1,400}>/g;

/** Message ids in a header value, each as `<id>`; bare ids (no brackets) are bracketed. */
export function messageIds(value: string | string[] | null | undefined): string[] {
  if (!value) return [];
  const parts = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const part of parts) {
    const found = part.match(MSG_ID);
    if (found) ids.push(...found);
    else ids.push(...part.split(/[\s,]+/).filter((p) => /^[^<>\s]+@[^<>\s]+$/.test(p)).map((p) => `<${p}>`));
  }
  return [...new Set(ids)];
}

const DISPLAY_HEADERS = ["message-id", "date", "from", "to", "cc", "reply-to", "subject", "in-reply-to", "references", "auto-submitted", "precedence", "list-id"];

/** Why a message must not be answered, from its headers and envelope (RFC 3834, RFC 2369), or null. */
export function detectNoise(raw: Pick<RawEmail, "headers" | "returnPath" | "from">): EmailNoise | null {
  const h = raw.headers;
  const from = raw.from?.address.toLowerCase() ?? "";
  const contentType = h["content-type"]?.toLowerCase() ?? "";
  if (raw.returnPath === "" || /^(mailer-daemon|postmaster)@/.test(from) || contentType.startsWith("multipart/report")) return "bounce";
  const auto = h["auto-submitted"]?.split(";")[0]?.trim().toLowerCase();
  if ((auto && auto !== "no") || h["x-autoreply"] || h["x-autorespond"] || h["x-auto-response-suppress"]?.toLowerCase().includes("all")) return "auto_reply";
  const precedence = h["precedence"]?.trim().toLowerCase();
  if (precedence === "bulk" || precedence === "junk" || precedence === "list" || h["list-id"] || h["list-unsubscribe"]) return "list";
  return null;
}

/** The sender's words: the plain part with quotes stripped, else the HTML part rendered without its quoted history. */
export function visibleText(text: string | null, html: string | null): string {
  const plain = text?.replace(/\r\n?/g, "\n").trim() ?? "";
  const source = plain || (html ? htmlToText(cutQuotedHtml(html)) : "");
  if (!source) return "";
  let visible: string;
  try {
    visible = new EmailReplyParser().read(source).getVisibleText().trim();
  } catch {
    visible = "";
  }
  return (visible || source).slice(0, MAX_EMAIL_TEXT_CHARS);
}

export function normaliseEmail(raw: RawEmail): NormalisedEmail {
  if (raw.size > MAX_EMAIL_BYTES) throw new EmailRefused("too_large", `The message is larger than ${MAX_EMAIL_BYTES / 1024 / 1024} MB.`);
  const address = raw.from?.address.trim().toLowerCase() ?? "";
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) throw new EmailRefused("no_sender", "The message has no sender address.");
  const text = visibleText(raw.text, raw.html);
  const references = messageIds(raw.references);
  const inReplyTo = messageIds(raw.inReplyTo)[0] ?? null;
  const subject = (raw.subject ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
  // A message without an id gets one from what it says, so a repeat delivery is still recognised.
  const messageId =
    messageIds(raw.messageId)[0] ?? `<${createHash("sha256").update(`${address}\n${raw.date ?? ""}\n${subject}\n${raw.text ?? raw.html ?? ""}`).digest("hex").slice(0, 40)}@dokani.missing-id>`;
  const headers: Record<string, string> = {};
  for (const name of DISPLAY_HEADERS) {
    const value = raw.headers[name];
    if (value) headers[name] = value.slice(0, 1000);
  }
  headers["message-id"] ??= messageId;
  if (subject) headers["subject"] ??= subject;
  return {
    messageId: messageId.slice(0, 500),
    from: { address, name: raw.from?.name?.replace(/^["']|["']$/g, "").trim().slice(0, 200) || null },
    replyTo: raw.replyTo?.trim().toLowerCase() || null,
    to: raw.to.map((a) => a.toLowerCase()),
    cc: raw.cc.map((a) => a.toLowerCase()),
    envelopeTo: raw.envelopeTo.map((a) => a.toLowerCase()),
    subject,
    date: raw.date,
    inReplyTo,
    references,
    text,
    noise: detectNoise(raw),
    headers,
    attachments: raw.attachments,
  };
}
