import { createHmac } from "node:crypto";
import { z } from "zod";
import { db, Prisma } from "../../db.server";
import { env } from "../../env.server";
import { AppError } from "../../errors";
import { readBytesCapped, readTextCapped } from "../../http/read-json-body.server";
import { safeEqual, sha256Hex } from "../../security/secrets.server";
import { EmailRefused, MAX_EMAIL_BYTES, normaliseEmail, type RawAttachment, type RawEmail } from "./normalise-email";
import { parseMime } from "./parse-mime.server";
import { receiveEmail, type EmailDelivery } from "./receive-email.server";

/**
 * The provider doors of the email channel (API.md, "Inbound webhooks"). Each reads the raw body
 * (at most what a 15 MB message becomes once base64-encoded), checks who sent it before anything is
 * stored, turns the provider's shape into a `RawEmail` for the one normaliser, and stores the mail
 * with the assistant's job queued before answering 200. Refusals follow what stops each provider
 * retrying: Postmark stops on 403, Mailgun on 406.
 */

/** A webhook body carrying a 15 MB message: base64 grows it by a third, plus the JSON or form around it. */
export const MAX_WEBHOOK_BODY_BYTES = Math.ceil((MAX_EMAIL_BYTES * 4) / 3) + 256 * 1024;
/** How old (or how far ahead) a Mailgun signature's timestamp may be. */
export const MAILGUN_WINDOW_SECONDS = 15 * 60;

async function readBody(request: Request, refuse: (message: string) => AppError): Promise<string> {
  if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST for this endpoint.", { headers: { Allow: "POST" } });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BODY_BYTES) throw refuse("The message is larger than 15 MB.");
  try {
    return await readTextCapped(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (error instanceof AppError && error.code === "payload_too_large") throw refuse("The message is larger than 15 MB.");
    throw error;
  }
}

function answer(delivery: EmailDelivery, refuse: (message: string) => AppError): Response {
  if (delivery.status === "unknown_recipient") throw refuse("No shop receives mail at this address.");
  return Response.json({ status: delivery.status, conversationId: delivery.conversationId, messageId: delivery.messageId });
}

async function store(raw: RawEmail, via: "postmark" | "mailgun", refuse: (message: string) => AppError): Promise<EmailDelivery> {
  try {
    return await receiveEmail(normaliseEmail(raw), { via });
  } catch (error) {
    if (error instanceof EmailRefused) throw refuse(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------- Postmark

const PostmarkAddress = z.object({ Email: z.string().max(320), Name: z.string().max(300).nullish() });
const PostmarkInbound = z.object({
  MessageID: z.string().min(1).max(200),
  From: z.string().max(320).nullish(),
  FromName: z.string().max(300).nullish(),
  FromFull: PostmarkAddress.nullish(),
  To: z.string().max(10_000).nullish(),
  ToFull: z.array(PostmarkAddress).max(200).nullish(),
  CcFull: z.array(PostmarkAddress).max(200).nullish(),
  OriginalRecipient: z.string().max(320).nullish(),
  ReplyTo: z.string().max(320).nullish(),
  Subject: z.string().max(10_000).nullish(),
  Date: z.string().max(100).nullish(),
  TextBody: z.string().nullish(),
  HtmlBody: z.string().nullish(),
  Headers: z.array(z.object({ Name: z.string().max(200), Value: z.string().max(20_000) })).max(500).nullish(),
  Attachments: z.array(z.object({ Name: z.string().max(500).nullish(), Content: z.string(), ContentType: z.string().max(200).nullish() })).max(50).nullish(),
  RawEmail: z.string().nullish(),
});

function postmarkCredentialsOk(request: Request): boolean {
  const secret = env().POSTMARK_INBOUND_SECRET;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  let password = "";
  if (match) {
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    password = colon >= 0 ? decoded.slice(colon + 1) : "";
  }
  // Compared even without a secret, so a missing one takes as long as a wrong one.
  const ok = safeEqual(password, secret ?? "\u0000no-secret");
  return Boolean(secret) && ok;
}

/** `POST /webhooks/email/postmark`: HTTP Basic auth (any user, password `POSTMARK_INBOUND_SECRET`), Postmark's inbound JSON. */
export async function receivePostmarkWebhook(request: Request): Promise<Response> {
  const refuse = (message: string) => new AppError("forbidden", message);
  if (!postmarkCredentialsOk(request)) {
    // Checked before the body is read: a request without the password costs nothing and writes nothing.
    throw new AppError("unauthorized", "This webhook needs the Postmark inbound password (HTTP Basic auth).", { headers: { "WWW-Authenticate": 'Basic realm="dokani-inbound"' } });
  }
  const body = await readBody(request, refuse);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AppError("invalid_json", "The webhook body is not valid JSON.");
  }
  const parsed = PostmarkInbound.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_request", "The webhook body is not a Postmark inbound message.", { fields: Object.fromEntries(parsed.error.issues.slice(0, 5).map((i) => [i.path.join(".") || "body", i.message])) });
  const p = parsed.data;
  let raw: RawEmail;
  if (p.RawEmail) {
    raw = await parseMime(Buffer.from(p.RawEmail, "utf8"), { to: p.OriginalRecipient ? [p.OriginalRecipient] : [] });
  } else {
    const headers: Record<string, string> = {};
    for (const h of p.Headers ?? []) headers[h.Name.toLowerCase()] ??= h.Value;
    const attachments: RawAttachment[] = (p.Attachments ?? []).map((a) => ({ filename: a.Name ?? null, contentType: a.ContentType ?? "application/octet-stream", content: Buffer.from(a.Content, "base64") }));
    const returnPath = headers["return-path"];
    raw = {
      // The mail's own Message-ID threads and deduplicates across every door; Postmark's MessageID stands in when there is none.
      messageId: headers["message-id"] ?? `<${p.MessageID}@postmark>`,
      from: p.FromFull?.Email ? { address: p.FromFull.Email, name: p.FromFull.Name ?? p.FromName ?? null } : p.From ? { address: p.From, name: p.FromName ?? null } : null,
      to: (p.ToFull ?? []).map((a) => a.Email),
      cc: (p.CcFull ?? []).map((a) => a.Email),
      envelopeTo: p.OriginalRecipient ? [p.OriginalRecipient] : [],
      replyTo: p.ReplyTo || null,
      subject: p.Subject ?? null,
      date: p.Date && !Number.isNaN(Date.parse(p.Date)) ? new Date(p.Date).toISOString() : null,
      inReplyTo: headers["in-reply-to"] ?? null,
      references: headers["references"] ?? null,
      headers: { ...headers, ...(p.Subject ? { subject: p.Subject } : {}), ...(p.From ? { from: p.From } : {}), ...(p.To ? { to: p.To } : {}), ...(headers["message-id"] ? {} : { "message-id": `<${p.MessageID}@postmark>` }) },
      returnPath: returnPath === undefined ? null : returnPath.replace(/[<>\s]/g, ""),
      text: p.TextBody ?? null,
      html: p.HtmlBody ?? null,
      attachments,
      size: Buffer.byteLength(body),
    };
  }
  return answer(await store(raw, "postmark", refuse), refuse);
}

// ---------------------------------------------------------------- Mailgun

/** hex HMAC-SHA256(signing key, timestamp + token), as Mailgun signs its webhooks. */
export function mailgunSignature(signingKey: string, timestamp: string, token: string): string {
  return createHmac("sha256", signingKey).update(`${timestamp}${token}`).digest("hex");
}

async function readForm(body: Buffer, contentType: string): Promise<FormData> {
  try {
    return await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("invalid_request", "The webhook body is not a Mailgun form.");
  }
}

/** Reads a webhook body as bytes, since UTF-8 text would corrupt binary attachments. */
async function readBytes(request: Request, refuse: (message: string) => AppError): Promise<Buffer> {
  if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST for this endpoint.", { headers: { Allow: "POST" } });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BODY_BYTES) throw refuse("The message is larger than 15 MB.");
  return readBytesCapped(request, MAX_WEBHOOK_BODY_BYTES, () => refuse("The message is larger than 15 MB."));
}

function text(form: FormData, name: string): string | null {
  const value = form.get(name);
  return typeof value === "string" ? value : null;
}

/**
 * `POST /webhooks/email/mailgun`: a route's `forward()` (form fields, or `body-mime` for a URL
 * ending in `mime`). The signature covers only the timestamp and token, never the body, so each
 * token is kept: a replay with another message is refused; the same delivery again (same token,
 * same Message-Id) is a repeat, answered 200 without writing anything.
 */
export async function receiveMailgunWebhook(request: Request, now: Date = new Date()): Promise<Response> {
  const refuse = (message: string) => new AppError("not_acceptable", message);
  const bytes = await readBytes(request, refuse);
  const form = await readForm(bytes, request.headers.get("content-type") ?? "");
  const timestamp = text(form, "timestamp") ?? "";
  const token = text(form, "token") ?? "";
  const signature = text(form, "signature") ?? "";
  const key = env().MAILGUN_SIGNING_KEY;
  const expected = mailgunSignature(key ?? "no-key", timestamp, token);
  const invalid = new AppError("invalid_signature", "This webhook is not signed with the Mailgun signing key.");
  if (!key || !/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9]{10,200}$/.test(token) || !safeEqual(expected, signature.toLowerCase())) throw invalid;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAILGUN_WINDOW_SECONDS) throw new AppError("invalid_signature", "This webhook's signature is older than 15 minutes.");

  let raw: RawEmail;
  const mime = form.get("body-mime");
  if (mime !== null) {
    raw = await parseMime(typeof mime === "string" ? Buffer.from(mime, "utf8") : Buffer.from(new Uint8Array(await mime.arrayBuffer())), { to: text(form, "recipient")?.split(",").map((r) => r.trim()) ?? [] });
  } else {
    const headers: Record<string, string> = {};
    try {
      const list = JSON.parse(text(form, "message-headers") ?? "[]") as unknown;
      if (Array.isArray(list)) for (const pair of list) if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string") headers[pair[0].toLowerCase()] ??= pair[1];
    } catch {
      throw new AppError("invalid_request", "message-headers is not JSON.", { fields: { "message-headers": "must be a JSON list of [name, value] pairs" } });
    }
    const attachments: RawAttachment[] = [];
    for (const [name, value] of form.entries()) {
      if (/^attachment-\d+$/.test(name) && typeof value !== "string") attachments.push({ filename: value.name || null, contentType: value.type || "application/octet-stream", content: Buffer.from(await value.arrayBuffer()) });
    }
    const fromHeader = text(form, "from") ?? headers["from"] ?? "";
    const fromMatch = /^\s*(?:"?([^"<]*)"?\s*)?<([^>]+)>\s*$/.exec(fromHeader);
    const returnPath = headers["return-path"];
    raw = {
      messageId: headers["message-id"] ?? null,
      from: fromMatch ? { address: fromMatch[2]!, name: fromMatch[1]?.trim() || null } : fromHeader ? { address: fromHeader.trim(), name: null } : text(form, "sender") ? { address: text(form, "sender")!, name: null } : null,
      to: (headers["to"] ?? "").match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? [],
      cc: (headers["cc"] ?? "").match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? [],
      envelopeTo: (text(form, "recipient") ?? "").split(",").map((r) => r.trim()).filter(Boolean),
      replyTo: (headers["reply-to"] ?? "").match(/[^\s<>,"]+@[^\s<>,"]+/)?.[0] ?? null,
      subject: text(form, "subject") ?? headers["subject"] ?? null,
      date: headers["date"] && !Number.isNaN(Date.parse(headers["date"])) ? new Date(headers["date"]).toISOString() : null,
      inReplyTo: headers["in-reply-to"] ?? null,
      references: headers["references"] ?? null,
      headers,
      returnPath: returnPath === undefined ? null : returnPath.replace(/[<>\s]/g, ""),
      text: text(form, "body-plain"),
      html: text(form, "body-html"),
      attachments,
      size: bytes.byteLength,
    };
  }
  // The token is kept with the message it signed: a second use with another message is a replay.
  const signedFor = sha256Hex(raw.messageId ?? `${raw.subject}\n${raw.text}`).slice(0, 32);
  try {
    await db().usedToken.create({ data: { id: `mailgun:${token}`, purpose: `mailgun_webhook:${signedFor}`, expiresAt: new Date((Number(timestamp) + MAILGUN_WINDOW_SECONDS + 60) * 1000) } });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const used = await db().usedToken.findUnique({ where: { id: `mailgun:${token}` } });
    if (used?.purpose !== `mailgun_webhook:${signedFor}`) throw new AppError("invalid_signature", "This webhook's signature was already used for another message.");
  }
  return answer(await store(raw, "mailgun", refuse), refuse);
}
