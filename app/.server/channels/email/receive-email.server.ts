import { createHash, randomUUID } from "node:crypto";
import { db, type Conversation, type Shop } from "../../db.server";
import { log } from "../../logger.server";
import { receiveMessage } from "../../conversations/receive-message.server";
import { MAX_EVIDENCE_BYTES } from "../../returns/add-evidence.server";
import { systemContext } from "../../shops/shop-context";
import { deleteFile, putFile, type StoredObject } from "../../storage/file-storage.server";
import { EXTENSIONS, sniffImageType } from "../../storage/sniff-image-type";
import type { InboundMessage } from "../channel";
import { conversationOfMessageId, inboundDomain, parseRecipient, shopOfRecipient } from "./addresses.server";
import type { EmailNoise, NormalisedEmail } from "./normalise-email";

/** The assistant answers one sender at most this often by email; more is stored for a person (a loop with a robot, or a flood). */
export const EMAIL_AI_REPLIES_PER_HOUR = 5;
export const EMAIL_AI_REPLIES_PER_DAY = 20;
/** Photos kept from one email, like a chat message. */
export const MAX_EMAIL_PHOTOS = 4;

export type EmailDelivery =
  | { status: "stored"; shopId: string; conversationId: string; messageId: string; answered: boolean; threadedBy: ThreadedBy }
  | { status: "duplicate"; shopId: string; conversationId: string; messageId: string }
  | { status: "unknown_recipient" };

export type ThreadedBy = "reply_token" | "in_reply_to" | "references" | "new";

/** Where a message was addressed: the envelope first, then the trace and visible headers. */
function candidateRecipients(email: NormalisedEmail): string[] {
  const headers = email.headers;
  const traced = [headers["delivered-to"], headers["x-original-to"]].filter((v): v is string => !!v).map((v) => v.replace(/[<>\s]/g, "").toLowerCase());
  return [...new Set([...email.envelopeTo, ...traced, ...email.to, ...email.cc])];
}

/** The shop a message is for and the conversation its reply address names, or null when it is for nobody Dokani knows. */
export async function routeEmail(email: NormalisedEmail): Promise<{ shop: Shop; tokenConversationId: string | null } | null> {
  const domain = inboundDomain();
  const parsed = candidateRecipients(email).map((a) => parseRecipient(a, domain)).filter((r) => r !== null);
  // A reply address names the conversation and the shop; otherwise the first mailbox names the shop.
  const ordered = [...parsed.filter((r) => r.kind === "reply"), ...parsed.filter((r) => r.kind === "mailbox")];
  for (const recipient of ordered) {
    const found = await shopOfRecipient(recipient);
    if (found) return { shop: found.shop, tokenConversationId: found.conversationId };
  }
  return null;
}

/**
 * The conversation a message continues: the one its reply address names, then the one its
 * `In-Reply-To` names, then the newest of its `References` that Dokani knows (Outlook rewrites
 * `In-Reply-To`, but keeps the chain). Ids are Dokani's own (they name the conversation) or the
 * ids of mail stored before. Only email conversations of this shop thread; In-Reply-To and
 * References, which anyone can copy, thread only mail from the conversation's own sender.
 */
export async function findThread(shop: Shop, email: NormalisedEmail, tokenConversationId: string | null): Promise<{ conversation: Conversation; by: ThreadedBy } | null> {
  if (tokenConversationId) {
    const conversation = await db().conversation.findFirst({ where: { id: tokenConversationId, shopId: shop.id, channel: "email" } });
    if (conversation) return { conversation, by: "reply_token" };
  }
  const sender = email.from.address;
  const byId = async (id: string) => {
    const ours = conversationOfMessageId(id);
    const conversation = ours
      ? await db().conversation.findFirst({ where: { id: ours, shopId: shop.id, channel: "email" } })
      : (await db().message.findUnique({ where: { shopId_externalId: { shopId: shop.id, externalId: id } }, select: { conversation: true } }))?.conversation;
    return conversation && conversation.channel === "email" && conversation.customerEmail?.toLowerCase() === sender ? conversation : null;
  };
  if (email.inReplyTo) {
    const conversation = await byId(email.inReplyTo);
    if (conversation) return { conversation, by: "in_reply_to" };
  }
  for (const id of [...email.references].reverse().slice(0, 20)) {
    if (id === email.inReplyTo) continue;
    const conversation = await byId(id);
    if (conversation) return { conversation, by: "references" };
  }
  return null;
}

/** Whether the assistant already answered this sender by email as often as the cap allows. */
async function overReplyCap(shopId: string, sender: string, now: Date): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ hour: bigint; day: bigint }>>`
    SELECT count(*) FILTER (WHERE m."createdAt" > ${new Date(now.getTime() - 3600_000)}) AS hour, count(*) AS day
    FROM "messages" m JOIN "conversations" c ON c."id" = m."conversationId"
    WHERE m."shopId" = ${shopId}::uuid AND m."role" = 'ai' AND c."channel" = 'email' AND lower(c."customerEmail") = ${sender}
      AND m."createdAt" > ${new Date(now.getTime() - 86_400_000)}`;
  const row = rows[0];
  return Number(row?.hour ?? 0) >= EMAIL_AI_REPLIES_PER_HOUR || Number(row?.day ?? 0) >= EMAIL_AI_REPLIES_PER_DAY;
}

type KeptPhoto = { id: string; stored: StoredObject; mimeType: string; byteSize: number; sha256: string };

/** The attachments kept as photos (the types and size of return evidence, at most four) and why the others were not. */
async function keepPhotos(shopId: string, email: NormalisedEmail): Promise<{ kept: KeptPhoto[]; skipped: Array<{ filename: string | null; reason: string }> }> {
  const kept: KeptPhoto[] = [];
  const skipped: Array<{ filename: string | null; reason: string }> = [];
  for (const attachment of email.attachments) {
    const bytes = attachment.content;
    const type = bytes.byteLength ? sniffImageType(bytes) : null;
    if (!type) skipped.push({ filename: attachment.filename, reason: "not a JPEG, PNG, WebP or HEIC photo" });
    else if (bytes.byteLength > MAX_EVIDENCE_BYTES) skipped.push({ filename: attachment.filename, reason: "larger than 10 MB" });
    else if (kept.length >= MAX_EMAIL_PHOTOS) skipped.push({ filename: attachment.filename, reason: `more than ${MAX_EMAIL_PHOTOS} photos` });
    else {
      const id = randomUUID();
      const stored = await putFile(shopId, `${id}.${EXTENSIONS[type]}`, bytes, type);
      kept.push({ id, stored, mimeType: type, byteSize: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") });
    }
  }
  return { kept, skipped };
}

/**
 * Stores one normalised inbound email for every shop it is addressed to: deduplicated by its
 * Message-ID, threaded, with its photos, and (unless it is noise or its sender is over the reply
 * cap) with the assistant's job queued in the same transaction. Contact resolution happens in
 * `receiveMessage`, from the sender's (unverified) address.
 */
export async function receiveEmail(email: NormalisedEmail, options: { via: "postmark" | "mailgun" | "smtp"; now?: Date } = { via: "smtp" }): Promise<EmailDelivery> {
  const routed = await routeEmail(email);
  if (!routed) return { status: "unknown_recipient" };
  const { shop } = routed;
  const repeat = await db().message.findUnique({ where: { shopId_externalId: { shopId: shop.id, externalId: email.messageId } }, select: { id: true, conversationId: true } });
  if (repeat) return { status: "duplicate", shopId: shop.id, conversationId: repeat.conversationId, messageId: repeat.id };

  const now = options.now ?? new Date();
  const thread = await findThread(shop, email, routed.tokenConversationId);
  const ownDomain = inboundDomain();
  const loop: EmailNoise | null = ownDomain && email.from.address.endsWith(`@${ownDomain}`) ? "auto_reply" : null;
  const noise = email.noise ?? loop;
  const unanswered = noise ?? ((await overReplyCap(shop.id, email.from.address, now)) ? "reply_cap" : undefined);
  const { kept, skipped } = await keepPhotos(shop.id, email);
  const inbound: InboundMessage = {
    channel: "email",
    conversation: thread?.conversation,
    from: { email: email.from.address, name: email.from.name ?? undefined, identities: [{ kind: "email", value: email.from.address, verified: false }] },
    text: email.text || (kept.length ? "(photos attached)" : "(empty message)"),
    externalId: email.messageId,
    metadata: {
      email: {
        via: options.via,
        subject: email.subject,
        from: email.from,
        to: email.to,
        cc: email.cc,
        replyTo: email.replyTo,
        date: email.date,
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.references,
        headers: email.headers,
        threadedBy: thread?.by ?? "new",
        ...(noise ? { noise } : {}),
        ...(unanswered ? { unanswered } : {}),
        ...(skipped.length ? { skippedAttachments: skipped } : {}),
      },
    },
    unanswered,
    clientAddress: `email:${email.from.address}`.slice(0, 100),
  };
  let received;
  try {
    received = await receiveMessage(systemContext(shop), inbound);
    if (kept.length && !received.duplicate) {
      await db().evidenceFile.createMany({
        data: kept.map((p) => ({ id: p.id, shopId: shop.id, messageId: received!.message.id, storage: p.stored.storage, storageKey: p.stored.key, mimeType: p.mimeType, byteSize: p.byteSize, sha256: p.sha256 })),
      });
    }
  } catch (error) {
    await Promise.all(kept.map((p) => deleteFile(p.stored.key, p.stored.storage).catch(() => undefined)));
    throw error;
  }
  if (received.duplicate) {
    await Promise.all(kept.map((p) => deleteFile(p.stored.key, p.stored.storage).catch(() => undefined)));
    return { status: "duplicate", shopId: shop.id, conversationId: received.conversation.id, messageId: received.message.id };
  }
  if (!thread && email.subject && !received.conversation.subject) {
    await db().conversation.updateMany({ where: { id: received.conversation.id, shopId: shop.id, subject: null }, data: { subject: email.subject } });
  }
  log().info({ shop: shop.domain, via: options.via, threadedBy: thread?.by ?? "new", unanswered: unanswered ?? null }, "email received");
  return { status: "stored", shopId: shop.id, conversationId: received.conversation.id, messageId: received.message.id, answered: !unanswered, threadedBy: thread?.by ?? "new" };
}

