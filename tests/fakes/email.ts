import { createHmac, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * Fakes of the mail providers Dokani talks to, built on what each really does (CHANNELS.md,
 * section 4): Postmark's inbound JSON behind HTTP Basic auth, Mailgun's signed route forward, and an
 * SMTP server that captures what Dokani sends (the real smtp-server, parsed with mailparser).
 */

/** What Postmark does with Dokani's answer: 200 is done, 403 stops the retries, anything else is retried (up to 10 times). */
export function postmarkOutcome(status: number): "done" | "stopped" | "retried" {
  return status === 200 ? "done" : status === 403 ? "stopped" : "retried";
}

/** What Mailgun does with Dokani's answer: 200 is done, 406 rejects without retry, anything else is retried for 8 hours. */
export function mailgunOutcome(status: number): "done" | "rejected" | "retried" {
  return status === 200 ? "done" : status === 406 ? "rejected" : "retried";
}

export type PostmarkMail = {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Array<{ Name: string; Value: string }>;
  attachments?: Array<{ Name: string; Content: string; ContentType: string }>;
};

/** Postmark's inbound webhook JSON for a mail (the fields of its InboundWebhook type). */
export function postmarkPayload(mail: PostmarkMail) {
  const hash = mail.to.split("@")[0]!.split("+")[1];
  const headers = [
    { Name: "Return-Path", Value: `<${mail.from}>` },
    ...(mail.messageId ? [{ Name: "Message-ID", Value: mail.messageId }] : []),
    ...(mail.inReplyTo ? [{ Name: "In-Reply-To", Value: mail.inReplyTo }] : []),
    ...(mail.references ? [{ Name: "References", Value: mail.references }] : []),
    ...(mail.headers ?? []),
  ];
  return {
    FromName: mail.fromName ?? "",
    MessageStream: "inbound",
    From: mail.from,
    FromFull: { Email: mail.from, Name: mail.fromName ?? "", MailboxHash: "" },
    To: mail.to,
    ToFull: [{ Email: mail.to, Name: "", MailboxHash: hash ?? "" }],
    Cc: "",
    CcFull: [],
    Bcc: "",
    BccFull: [],
    OriginalRecipient: mail.to,
    Subject: mail.subject,
    MessageID: crypto.randomUUID(),
    ReplyTo: "",
    MailboxHash: hash ?? "",
    Date: new Date().toUTCString(),
    TextBody: mail.text ?? "",
    HtmlBody: mail.html ?? "",
    StrippedTextReply: "",
    Tag: "",
    Headers: headers,
    Attachments: mail.attachments ?? [],
  };
}

/** The request Postmark makes: JSON, with the credentials of the webhook URL as HTTP Basic auth. */
export function postmarkRequest(url: string, payload: unknown, password: string | null, user = "postmark") {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(password !== null ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } : {}) },
    body: JSON.stringify(payload),
  });
}

export type MailgunMail = { from: string; recipient: string; subject: string; text: string; messageId: string; headers?: Array<[string, string]>; attachments?: Array<{ name: string; type: string; bytes: Buffer }> };

/** Mailgun's signature fields: hex HMAC-SHA256(signing key, timestamp + token). */
export function mailgunSign(key: string, timestamp = Math.floor(Date.now() / 1000), token = randomBytes(25).toString("hex")) {
  return { timestamp: String(timestamp), token, signature: createHmac("sha256", key).update(`${timestamp}${token}`).digest("hex") };
}

/** A route's forward() as Mailgun posts it: multipart form with the parsed fields, the headers as JSON and the attachments as files. */
export function mailgunRequest(url: string, mail: MailgunMail, signed: { timestamp: string; token: string; signature: string }) {
  const form = new FormData();
  const headers: Array<[string, string]> = [
    ["Return-Path", `<${mail.from}>`],
    ["From", mail.from],
    ["To", mail.recipient],
    ["Subject", mail.subject],
    ["Message-Id", mail.messageId],
    ["Date", new Date().toUTCString()],
    ...(mail.headers ?? []),
  ];
  const fields: Record<string, string> = {
    recipient: mail.recipient,
    sender: mail.from,
    from: mail.from,
    subject: mail.subject,
    "body-plain": mail.text,
    "stripped-text": mail.text,
    "message-headers": JSON.stringify(headers),
    "attachment-count": String(mail.attachments?.length ?? 0),
    ...signed,
  };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  mail.attachments?.forEach((a, i) => form.set(`attachment-${i + 1}`, new Blob([new Uint8Array(a.bytes)], { type: a.type }), a.name));
  return new Request(url, { method: "POST", body: form });
}

export type CapturedMail = { envelope: { from: string; to: string[] }; parsed: ParsedMail; raw: Buffer };

/** A mail server that keeps what it is sent: the outbound side of `SMTP_URL` in tests. */
export async function startSmtpCapture(): Promise<{ url: string; mails: CapturedMail[]; next(): Promise<CapturedMail>; close(): Promise<void> }> {
  const mails: CapturedMail[] = [];
  const waiting: Array<(mail: CapturedMail) => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          const mail = { envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address) }, parsed, raw };
          const waiter = waiting.shift();
          if (waiter) waiter(mail);
          else mails.push(mail);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    next: () => {
      const ready = mails.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
