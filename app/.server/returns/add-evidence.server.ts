import { createHash, randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { db, type Tx } from "../db.server";
import { AppError } from "../errors";
import { enqueueJob, runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { deleteFile, putFile } from "../storage/file-storage.server";
import { EXTENSIONS, sniffImageType } from "../storage/sniff-image-type";
import { notifyMerchant } from "../notifications/notify-merchant.server";
import { checkEvidencePhoto, type EvidencePhotoCheck } from "./check-evidence-photo.server";
import { triageReturnJob } from "./jobs";

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 10;

/**
 * `POST /proxy/returns/{id}/evidence`: stores one photo for a return the caller's token covers.
 * The type comes from the bytes (a script named `.jpg` is refused); the return is triaged again,
 * since a photo can be what a review was waiting for. The photo is checked first (blank, far too
 * small, or the same picture as one sent on another return of the shop): such a photo is kept and
 * shown, but it does not count as the photo a review waits for, and a reused one is a security event.
 */
export async function addEvidence(ctx: ShopContext, input: { returnId: string; bytes: Uint8Array }) {
  const { shop } = ctx;
  const { returnId } = input;
  const file = input;
  const row = await db().returnRequest.findFirst({
    where: { id: returnId, shopId: shop.id },
    select: { id: true, status: true, orderName: true, customerEmail: true, _count: { select: { evidence: true } } },
  });
  if (!row) throw new AppError("not_found", "No such return.");
  if (row.status === "completed" || row.status === "cancelled") throw new AppError("invalid_transition", "This return is closed: photos can no longer be added.");
  if (row._count.evidence >= MAX_EVIDENCE_FILES) throw new AppError("conflict", `A return can have at most ${MAX_EVIDENCE_FILES} photos.`);
  if (file.bytes.byteLength === 0) throw new AppError("invalid_request", "The file is empty.", { fields: { file: "is empty" } });
  if (file.bytes.byteLength > MAX_EVIDENCE_BYTES) throw new AppError("file_too_large", "Photos can be at most 10 MB.");
  const type = sniffImageType(file.bytes);
  if (!type) throw new AppError("unsupported_media_type", "Send a photo as a JPEG, PNG, WebP or HEIC file.");

  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const check = await checkEvidencePhoto(db(), { shopId: shop.id, returnId, bytes: file.bytes, type, sha256 });
  const stored = await putFile(shop.id, `${randomUUID()}.${EXTENSIONS[type]}`, file.bytes, type);
  try {
    return await runInTransaction(async (tx) => {
      const evidence = await tx.evidenceFile.create({
        data: {
          shopId: shop.id,
          returnId,
          storage: stored.storage,
          storageKey: stored.key,
          mimeType: type,
          byteSize: file.bytes.byteLength,
          sha256,
          width: check.width,
          height: check.height,
          quality: check.quality,
          perceptualHash: check.perceptualHash,
          reusedEvidenceId: check.reused?.evidenceId ?? null,
        },
      });
      const count = row._count.evidence + 1;
      await recordAudit(tx, { shopId: shop.id, entityType: "return", entityId: returnId, action: "evidence_added", actor: ctx.actor, data: { evidenceId: evidence.id, mimeType: type, bytes: file.bytes.byteLength, quality: check.quality } });
      if (check.reused) await recordReusedPhoto(tx, ctx, { returnId, orderName: row.orderName, customerEmail: row.customerEmail, evidenceId: evidence.id, reused: check.reused });
      await enqueueJob(tx, triageReturnJob, { returnId }, { shopId: shop.id, dedupKey: `returns.triage:${returnId}:${count}` });
      return evidence;
    });
  } catch (error) {
    // The row did not commit: the bytes must not linger without it.
    await deleteFile(stored.key, stored.storage);
    throw error;
  }
}

/** A photo that repeats one of another return: a security event for the merchant, told once per photo. */
async function recordReusedPhoto(
  tx: Tx,
  ctx: ShopContext,
  input: { returnId: string; orderName: string; customerEmail: string; evidenceId: string; reused: NonNullable<EvidencePhotoCheck["reused"]> },
) {
  const { shop } = ctx;
  const reason = `A photo sent for ${input.orderName} is the same picture as one sent for ${input.reused.orderName}.`;
  const event = await tx.securityEvent.create({
    data: {
      shopId: shop.id,
      kind: "reused_photo",
      severity: "high",
      customerEmail: input.customerEmail,
      returnId: input.returnId,
      details: { reason, evidenceId: input.evidenceId, earlierEvidenceId: input.reused.evidenceId, earlierReturnId: input.reused.returnId, orderName: input.orderName, distance: input.reused.distance },
    },
  });
  await notifyMerchant(tx, shop, {
    kind: "security_event",
    relatedId: event.id,
    subject: `Reused photo on the return for ${input.orderName}`,
    text: `${reason} The same photo on two returns often means it does not show the item being returned. Compare both before deciding.`,
    link: `/app/returns/${input.returnId}`,
  });
}
