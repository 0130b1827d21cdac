import { createHash } from "node:crypto";
import { db, Prisma } from "../../db.server";
import { PermanentJobError } from "../../jobs/define-job";
import { log } from "../../logger.server";
import { deleteFile, putFile } from "../../storage/file-storage.server";
import { EXTENSIONS, sniffImageType } from "../../storage/sniff-image-type";
import { MAX_CHAT_PHOTO_BYTES } from "../web-chat/add-chat-attachment.server";
import { isImageMedia, type WhatsAppMedia } from "./parse-whatsapp-inbound";
import { isTwilioApiUrl, rebaseTwilioUrl } from "./twilio-client.server";
import { openWhatsAppConnection } from "./whatsapp-connection.server";

/** A stable id for the n-th photo of a message, so a retried job never stores one twice. */
function photoId(messageId: string, index: number): string {
  const hex = createHash("sha256").update(`${messageId}:${index}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Reads a response body, giving up past `max` bytes (a lying or absent Content-Length included). */
async function readCapped(response: Response, max: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > max) return null;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

type Outcome = { index: number; stored: boolean; reason?: string };

/**
 * The `whatsapp.fetch-media` job: each photo of an inbound message is fetched from Twilio with the
 * account's credentials (only from Twilio's API: any other URL is refused, so a forged form cannot
 * make Dokani fetch inside its network), checked like any shopper photo (JPEG, PNG, WebP or HEIC by
 * its bytes, at most 10 MB) and kept on the message. What could not be kept is noted on the message.
 */
export async function fetchWhatsAppMedia(input: { shopId: string; messageId: string }, fetcher: typeof fetch = fetch): Promise<Outcome[]> {
  const message = await db().message.findFirst({ where: { id: input.messageId, shopId: input.shopId }, select: { id: true, metadata: true } });
  if (!message) return [];
  const meta = (message.metadata ?? {}) as { whatsapp?: { media?: WhatsAppMedia[] } };
  const media = meta.whatsapp?.media ?? [];
  if (!media.length) return [];
  const connection = await openWhatsAppConnection(input.shopId);
  if (!connection) throw new PermanentJobError("The shop disconnected WhatsApp before the photos were fetched.");
  const auth = `Basic ${Buffer.from(`${connection.details.accountSid}:${connection.authToken}`).toString("base64")}`;
  const outcomes: Outcome[] = [];
  for (const [index, item] of media.entries()) {
    if (!isImageMedia(item)) continue;
    if (!isTwilioApiUrl(item.url)) {
      outcomes.push({ index, stored: false, reason: "not a Twilio media URL" });
      continue;
    }
    const id = photoId(message.id, index);
    if (await db().evidenceFile.findUnique({ where: { id }, select: { id: true } })) {
      outcomes.push({ index, stored: true });
      continue;
    }
    // Twilio answers with a redirect to its media store; fetch drops the Authorization header when the redirect leaves the origin.
    const response = await fetcher(rebaseTwilioUrl(item.url), { headers: { Authorization: auth }, redirect: "follow", signal: AbortSignal.timeout(20_000) });
    if (response.status === 404) {
      outcomes.push({ index, stored: false, reason: "Twilio no longer has this photo" });
      continue;
    }
    if (response.status === 401 || response.status === 403) throw new PermanentJobError(`Twilio refused the account's credentials for a photo (HTTP ${response.status}).`);
    if (!response.ok) throw new Error(`Twilio answered HTTP ${response.status} for a photo`);
    const bytes = await readCapped(response, MAX_CHAT_PHOTO_BYTES);
    if (!bytes) {
      outcomes.push({ index, stored: false, reason: "larger than 10 MB" });
      continue;
    }
    const type = bytes.byteLength ? sniffImageType(bytes) : null;
    if (!type) {
      outcomes.push({ index, stored: false, reason: "not a JPEG, PNG, WebP or HEIC photo" });
      continue;
    }
    const stored = await putFile(input.shopId, `${id}.${EXTENSIONS[type]}`, bytes, type);
    try {
      await db().evidenceFile.create({
        data: { id, shopId: input.shopId, messageId: message.id, storage: stored.storage, storageKey: stored.key, mimeType: type, byteSize: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") },
      });
    } catch (error) {
      await deleteFile(stored.key, stored.storage);
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
    outcomes.push({ index, stored: true });
  }
  const refused = outcomes.filter((o) => !o.stored);
  if (refused.length) {
    const notes = refused.map((o) => `Photo ${o.index + 1} was not kept: ${o.reason}.`);
    await db().message.update({ where: { id: message.id }, data: { metadata: { ...(message.metadata as object), whatsappMediaNotes: notes } as Prisma.InputJsonObject } });
    log().warn({ shopId: input.shopId, messageId: message.id, refused }, "WhatsApp photos not kept");
  }
  return outcomes;
}
