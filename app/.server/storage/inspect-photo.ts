import { decodeImage, type Luma } from "./decode-image";
import type { ImageType } from "./sniff-image-type";

/*
 * Whether a photo can show anything: a picture that is one flat colour (a lens cap, a blank
 * screenshot) or a thumbnail far too small to see an item in says nothing about the item. The
 * 64-bit difference hash (dHash) of a 9×8 grayscale reduction finds the same picture again after
 * it was re-saved, re-compressed or resized, which a byte hash cannot.
 */

/** The shorter side, in pixels, below which a photo cannot show an item's condition. */
export const MIN_PHOTO_SIDE = 200;
/** Luminance standard deviation (0..255) below which a photo is one flat colour. */
export const MIN_PHOTO_CONTRAST = 6;
/** Hashes at most this many bits apart are the same picture. */
export const SAME_PICTURE_MAX_DISTANCE = 10;

/** What a photo's pixels say on their own; `reused` is decided against the shop's other photos. */
export type PhotoQuality = "ok" | "blank" | "too_small" | "unchecked";

export type PhotoInspection = {
  width: number | null;
  height: number | null;
  quality: PhotoQuality;
  /** 16 hex digits, or null when the pixels could not be read (or the picture is blank: every blank hashes alike). */
  perceptualHash: string | null;
};

/** Inspects a photo's bytes: size, flat or not, perceptual hash. */
export function inspectPhoto(bytes: Uint8Array, type: ImageType): PhotoInspection {
  const image = decodeImage(bytes, type);
  if (!image) return { width: null, height: null, quality: "unchecked", perceptualHash: null };
  const { width, height, luma } = image;
  if (Math.min(width, height) < MIN_PHOTO_SIDE) return { width, height, quality: "too_small", perceptualHash: luma ? differenceHash(luma) : null };
  if (!luma) return { width, height, quality: "unchecked", perceptualHash: null };
  if (contrast(luma) < MIN_PHOTO_CONTRAST) return { width, height, quality: "blank", perceptualHash: null };
  return { width, height, quality: "ok", perceptualHash: differenceHash(luma) };
}

/** Standard deviation of luminance over a 32×32 reduction (so sensor noise on a flat picture averages out). */
function contrast(luma: Luma): number {
  const small = reduce(luma, Math.min(32, luma.width), Math.min(32, luma.height));
  let sum = 0;
  for (const v of small) sum += v;
  const mean = sum / small.length;
  let squares = 0;
  for (const v of small) squares += (v - mean) * (v - mean);
  return Math.sqrt(squares / small.length);
}

/** Area-average reduction of a grayscale picture to `w`×`h`. */
function reduce(luma: Luma, w: number, h: number): Float64Array {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * luma.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * luma.height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * luma.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * luma.width) / w));
      let sum = 0;
      let n = 0;
      for (let yy = y0; yy < y1 && yy < luma.height; yy++) {
        for (let xx = x0; xx < x1 && xx < luma.width; xx++) {
          sum += luma.data[yy * luma.width + xx]!;
          n++;
        }
      }
      out[y * w + x] = n ? sum / n : 0;
    }
  }
  return out;
}

/** The 64-bit dHash: for each of 8 rows of a 9×8 reduction, whether each pixel is brighter than its right neighbour. */
export function differenceHash(luma: Luma): string {
  const small = reduce(luma, 9, 8);
  let hex = "";
  for (let y = 0; y < 8; y++) {
    let byte = 0;
    for (let x = 0; x < 8; x++) byte = (byte << 1) | (small[y * 9 + x]! > small[y * 9 + x + 1]! ? 1 : 0);
    hex += byte.toString(16).padStart(2, "0");
  }
  return hex;
}

/** How many bits two hashes differ in. */
export function hashDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < 16; i += 2) {
    let x = parseInt(a.slice(i, i + 2), 16) ^ parseInt(b.slice(i, i + 2), 16);
    while (x) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}
