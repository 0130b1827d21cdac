import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { EmailRefused, MAX_EMAIL_BYTES, type RawEmail } from "./normalise-email";

function addresses(value: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string | null }> {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: Array<{ address: string; name: string | null }> = [];
  const walk = (entries: AddressObject["value"]) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address, name: e.name || null });
    }
  };
  for (const item of list) walk(item.value);
  return out;
}

/** Header values by lowercase name, unfolded; a repeated header keeps its first value (the newest trace header). */
function headerRecord(mail: ParsedMail): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    const name = key.toLowerCase();
    if (name in record) continue;
    const colon = line.indexOf(":");
    record[name] = line.slice(colon + 1).replace(/\r?\n[ \t]+/g, " ").trim();
  }
  return record;
}

/**
 * A whole MIME message (the SMTP receiver's DATA, a provider's raw MIME) parsed by mailparser into
 * the normaliser's shape. `envelope` is what SMTP said beside the message: its recipients and
 * return path (false for `MAIL FROM:<>`).
 */
export async function parseMime(raw: Buffer, envelope: { to?: string[]; returnPath?: string | null } = {}): Promise<RawEmail> {
  if (raw.byteLength > MAX_EMAIL_BYTES) throw new EmailRefused("too_large", `The message is larger than ${MAX_EMAIL_BYTES / 1024 / 1024} MB.`);
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipImageLinks: true, skipTextLinks: true });
  const headers = headerRecord(mail);
  const from = addresses(mail.from)[0] ?? null;
  let returnPath = envelope.returnPath;
  if (returnPath === undefined) {
    const header = headers["return-path"];
    returnPath = header === undefined ? null : header.replace(/[<>\s]/g, "");
  }
  return {
    messageId: mail.messageId ?? null,
    from,
    to: addresses(mail.to).map((a) => a.address),
    cc: addresses(mail.cc).map((a) => a.address),
    envelopeTo: envelope.to ?? [],
    replyTo: addresses(mail.replyTo)[0]?.address ?? null,
    subject: mail.subject ?? null,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    inReplyTo: mail.inReplyTo ?? null,
    references: mail.references ?? null,
    headers,
    returnPath,
    text: mail.text ?? null,
    html: typeof mail.html === "string" ? mail.html : null,
    attachments: mail.attachments.filter((a) => a.contentDisposition !== "inline" || a.contentType.startsWith("image/")).map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, content: a.content })),
    size: raw.byteLength,
  };
}
