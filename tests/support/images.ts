import { readFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";

/** A PNG file around filtered scanlines: signature, IHDR (8-bit, the colour type given, no interlace), one deflated IDAT, IEND. */
function encodePng(width: number, height: number, colourType: 0 | 2, scanlines: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(scanlines)), chunk("IEND", Buffer.alloc(0))]);
}

/** A real PNG of one colour, built by hand. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return encodePng(width, height, 2, pixels); // 8-bit RGB
}

/** A real PNG with detail (diagonal bands and blocks in grey, seeded), so it is neither flat nor like another seed's. */
export function patternPng(width: number, height: number, seed: number): Buffer {
  const rows: Buffer[] = [];
  const lines: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width);
    row[0] = y % 5; // every PNG filter type in turn: the decoder must undo each
    const raw = Buffer.alloc(width);
    for (let x = 0; x < width; x++) {
      const block = (Math.floor((x * 7) / width) * 31 + Math.floor((y * 5) / height) * 17 + seed * 53) % 97;
      raw[x] = (block * 2 + Math.floor(((x + y * seed) % 40) * 1.5)) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const a = x > 0 ? raw[x - 1]! : 0;
      const b = y > 0 ? lines[y - 1]![x]! : 0;
      const c = x > 0 && y > 0 ? lines[y - 1]![x - 1]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][row[0]!]!;
      row[1 + x] = (raw[x]! - predictor) & 0xff;
    }
    rows.push(row);
    lines.push(raw);
  }
  return encodePng(width, height, 0, Buffer.concat(rows)); // 8-bit grey
}

/** A committed image of tests/fixtures/images: genuine.jpg (a photo), genuine-resaved.jpg (the same picture re-saved larger and at lower quality), other.jpg, blank.jpg, tiny.jpg. */
export function fixtureImage(name: "genuine.jpg" | "genuine-resaved.jpg" | "other.jpg" | "blank.jpg" | "tiny.jpg"): Buffer {
  return readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
}
