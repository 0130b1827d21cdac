import type { DbClient } from "../db.server";
import { hashDistance, inspectPhoto, SAME_PICTURE_MAX_DISTANCE, type PhotoQuality } from "../storage/inspect-photo";
import type { ImageType } from "../storage/sniff-image-type";

/** How many of a shop's latest photos a new one is compared with. */
const REUSE_LOOKBACK = 20_000;

/** A photo's checks: what its pixels say, and the earlier photo of another return it repeats, if any. */
export type EvidencePhotoCheck = {
  width: number | null;
  height: number | null;
  quality: PhotoQuality | "reused";
  perceptualHash: string | null;
  reused: { evidenceId: string; returnId: string; orderName: string; distance: number } | null;
};

/**
 * Checks a photo sent for a return: blank, far too small, or the same picture (same bytes, or a
 * perceptual hash a few bits away) as a photo already sent on another return of the shop. A blank
 * or tiny photo is not compared: every blank looks alike, and that says nothing about abuse.
 */
export async function checkEvidencePhoto(client: DbClient, input: { shopId: string; returnId: string; bytes: Uint8Array; type: ImageType; sha256: string }): Promise<EvidencePhotoCheck> {
  const inspection = inspectPhoto(input.bytes, input.type);
  const check: EvidencePhotoCheck = { ...inspection, reused: null };
  if (inspection.quality === "blank" || inspection.quality === "too_small") return check;

  const others = { shopId: input.shopId, returnId: { not: null as null | string }, NOT: { returnId: input.returnId } };
  const select = { id: true, returnId: true, perceptualHash: true, returnRequest: { select: { orderName: true } } } as const;
  let match: { id: string; returnId: string | null; orderName: string; distance: number } | null = null;
  const same = await client.evidenceFile.findFirst({ where: { ...others, sha256: input.sha256 }, orderBy: { createdAt: "asc" }, select });
  if (same) match = { id: same.id, returnId: same.returnId, orderName: same.returnRequest?.orderName ?? "", distance: 0 };
  else if (inspection.perceptualHash) {
    const candidates = await client.evidenceFile.findMany({
      where: { ...others, perceptualHash: { not: null } },
      orderBy: { createdAt: "desc" },
      take: REUSE_LOOKBACK,
      select,
    });
    for (const candidate of candidates) {
      const distance = hashDistance(inspection.perceptualHash, candidate.perceptualHash!);
      if (distance <= SAME_PICTURE_MAX_DISTANCE && (!match || distance <= match.distance)) {
        match = { id: candidate.id, returnId: candidate.returnId, orderName: candidate.returnRequest?.orderName ?? "", distance };
      }
    }
  }
  if (!match || !match.returnId) return check;
  return { ...check, quality: "reused", reused: { evidenceId: match.id, returnId: match.returnId, orderName: match.orderName, distance: match.distance } };
}
