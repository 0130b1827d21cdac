import { inflateSync } from "node:zlib";
import type { ImageType } from "./sniff-image-type";

/*
 * Just enough image decoding, in plain TypeScript, to judge a photo: its size, and a small
 * grayscale picture of it to measure contrast and hash. PNG is decoded fully (every colour type and
 * bit depth, not interlaced); a baseline or extended JPEG is decoded to its DC coefficients, one
 * value per 8×8 block, which is a faithful 1/8-scale picture without any inverse DCT; WebP and a
 * progressive JPEG give their size only. Anything malformed gives null, never an exception.
 */

/** A grayscale picture (0..255 luminance, row by row) at some scale of the real image. */
export type Luma = { width: number; height: number; data: Float64Array };

/** What was read of an image: its real size, and a grayscale picture of it when it could be decoded. */
export type DecodedImage = { width: number; height: number; luma: Luma | null };

/** The size and (where possible) a grayscale picture of an image; null when the bytes are not a readable image. */
export function decodeImage(bytes: Uint8Array, type: ImageType): DecodedImage | null {
  try {
    if (type === "image/png") return decodePng(bytes);
    if (type === "image/jpeg") return decodeJpeg(bytes);
    if (type === "image/webp") return webpSize(bytes);
    return null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// PNG

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function decodePng(bytes: Uint8Array): DecodedImage | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  let interlaced = false;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      depth = data[8]!;
      colorType = data[9]!;
      interlaced = data[12] === 1;
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  if (!width || !height) return null;
  const channels = PNG_CHANNELS[colorType];
  // Decoding a huge picture only to measure it is not worth the memory: size is enough then.
  if (!channels || interlaced || idat.length === 0 || width * height > 40_000_000) return { width, height, luma: null };

  const raw = inflateSync(Buffer.concat(idat));
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < height * (stride + 1)) return { width, height, luma: null };
  const out = new Float64Array(width * height);
  let previous = new Uint8Array(stride);
  let current = new Uint8Array(stride);
  const maxValue = (1 << Math.min(depth, 8)) - 1;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? current[i - bpp]! : 0;
      const b = previous[i]!;
      const c = i >= bpp ? previous[i - bpp]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      current[i] = (line[i]! + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) out[y * width + x] = pngLuma(current, x, channels, depth, colorType, palette, maxValue);
    [previous, current] = [current, previous];
  }
  return { width, height, luma: { width, height, data: out } };
}

function sample(line: Uint8Array, index: number, depth: number): number {
  if (depth === 8) return line[index]!;
  if (depth === 16) return line[index * 2]!; // the high byte is plenty for contrast and hashing
  const perByte = 8 / depth;
  const byte = line[Math.floor(index / perByte)]!;
  const shift = 8 - depth * ((index % perByte) + 1);
  return (byte >> shift) & ((1 << depth) - 1);
}

function pngLuma(line: Uint8Array, x: number, channels: number, depth: number, colorType: number, palette: Uint8Array | null, maxValue: number): number {
  if (colorType === 3) {
    const index = sample(line, x, depth);
    if (!palette || index * 3 + 2 >= palette.length) return 0;
    return luminance(palette[index * 3]!, palette[index * 3 + 1]!, palette[index * 3 + 2]!);
  }
  const scale = depth < 8 ? 255 / maxValue : 1;
  if (channels <= 2) return sample(line, x * channels, depth) * scale;
  return luminance(sample(line, x * channels, depth), sample(line, x * channels + 1, depth), sample(line, x * channels + 2, depth));
}

function luminance(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

// ---------------------------------------------------------------------------------------------
// JPEG (DC coefficients of the luma component)

type Huffman = { lookup: Map<number, number>; maxCode: Int32Array };
type Component = { id: number; h: number; v: number; tq: number; dcTable: number; acTable: number; predictor: number };

const ZERO_DC = 0;

function buildHuffman(counts: Uint8Array, symbols: Uint8Array): Huffman {
  // Canonical codes: key = (length << 16) | code.
  const lookup = new Map<number, number>();
  const maxCode = new Int32Array(17).fill(-1);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < counts[length - 1]!; i++) {
      lookup.set((length << 16) | code, symbols[k++]!);
      code++;
    }
    maxCode[length] = code - 1;
    code <<= 1;
  }
  return { lookup, maxCode };
}

class BitReader {
  private bit = 0;
  private byte = 0;
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  read(): number {
    if (this.bit === 0) {
      if (this.position >= this.bytes.length) throw new Error("end of data");
      this.byte = this.bytes[this.position++]!;
      if (this.byte === 0xff) {
        const next = this.bytes[this.position]!;
        if (next === 0) this.position++;
        else throw new Error("marker inside entropy-coded data");
      }
      this.bit = 8;
    }
    this.bit--;
    return (this.byte >> this.bit) & 1;
  }

  receive(length: number): number {
    let value = 0;
    for (let i = 0; i < length; i++) value = (value << 1) | this.read();
    return value;
  }

  decode(table: Huffman): number {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | this.read();
      if (code <= table.maxCode[length]!) {
        const symbol = table.lookup.get((length << 16) | code);
        if (symbol !== undefined) return symbol;
      }
    }
    throw new Error("bad Huffman code");
  }

  /** Skips to the next restart marker (RSTn) and resets the bit buffer. */
  restart() {
    this.bit = 0;
    while (this.position + 1 < this.bytes.length && !(this.bytes[this.position] === 0xff && this.bytes[this.position + 1]! >= 0xd0 && this.bytes[this.position + 1]! <= 0xd7)) this.position++;
    this.position += 2;
  }
}

function extend(value: number, length: number): number {
  return length === 0 ? 0 : value < 1 << (length - 1) ? value - (1 << length) + 1 : value;
}

function decodeJpeg(bytes: Uint8Array): DecodedImage | null {
  const quant = new Map<number, number>();
  const dcTables = new Map<number, Huffman>();
  const acTables = new Map<number, Huffman>();
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let baseline = false;
  let restartInterval = 0;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return width ? { width, height, luma: null } : null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const segment = bytes.subarray(offset + 4, offset + 2 + length);
    if (marker === 0xdb) {
      let p = 0;
      while (p < segment.length) {
        const precision = segment[p]! >> 4;
        const id = segment[p]! & 15;
        // The first value in zig-zag order is the DC quantiser: all this decoder needs.
        quant.set(id, precision ? (segment[p + 1]! << 8) | segment[p + 2]! : segment[p + 1]!);
        p += 1 + 64 * (precision ? 2 : 1);
      }
    } else if (marker === 0xc4) {
      let p = 0;
      while (p < segment.length) {
        const tableClass = segment[p]! >> 4;
        const id = segment[p]! & 15;
        const counts = segment.subarray(p + 1, p + 17);
        const total = counts.reduce((sum, n) => sum + n, 0);
        const table = buildHuffman(counts, segment.subarray(p + 17, p + 17 + total));
        (tableClass === 0 ? dcTables : acTables).set(id, table);
        p += 17 + total;
      }
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      height = (segment[1]! << 8) | segment[2]!;
      width = (segment[3]! << 8) | segment[4]!;
      baseline = marker === 0xc0 || marker === 0xc1;
      const count = segment[5]!;
      components = [];
      for (let i = 0; i < count; i++) {
        const base = 6 + i * 3;
        components.push({ id: segment[base]!, h: segment[base + 1]! >> 4, v: segment[base + 1]! & 15, tq: segment[base + 2]!, dcTable: 0, acTable: 0, predictor: ZERO_DC });
      }
    } else if (marker === 0xdd) {
      restartInterval = (segment[0]! << 8) | segment[1]!;
    } else if (marker === 0xda) {
      if (!width || !height) return null;
      if (!baseline || components.length === 0) return { width, height, luma: null };
      const count = segment[0]!;
      const scan: Component[] = [];
      for (let i = 0; i < count; i++) {
        const component = components.find((c) => c.id === segment[1 + i * 2]);
        if (!component) return { width, height, luma: null };
        component.dcTable = segment[2 + i * 2]! >> 4;
        component.acTable = segment[2 + i * 2]! & 15;
        scan.push(component);
      }
      const luma = decodeScan(bytes, offset + 2 + length, { width, height, components, scan, quant, dcTables, acTables, restartInterval });
      return { width, height, luma };
    } else if (marker === 0xd9) break;
    offset += 2 + length;
  }
  return width ? { width, height, luma: null } : null;
}

function decodeScan(
  bytes: Uint8Array,
  start: number,
  frame: { width: number; height: number; components: Component[]; scan: Component[]; quant: Map<number, number>; dcTables: Map<number, Huffman>; acTables: Map<number, Huffman>; restartInterval: number },
): Luma | null {
  const { components, scan } = frame;
  const luma = components[0]!;
  // Only an interleaved scan that carries the luma component gives the picture in one pass.
  if (!scan.includes(luma) || (components.length > 1 && scan.length !== components.length)) return null;
  const hMax = Math.max(...components.map((c) => c.h));
  const vMax = Math.max(...components.map((c) => c.v));
  const single = scan.length === 1;
  const mcuX = single ? Math.ceil((frame.width * luma.h) / hMax / 8) : Math.ceil(frame.width / (8 * hMax));
  const mcuY = single ? Math.ceil((frame.height * luma.v) / vMax / 8) : Math.ceil(frame.height / (8 * vMax));
  const blocksWide = single ? mcuX : mcuX * luma.h;
  const blocksHigh = single ? mcuY : mcuY * luma.v;
  const dc = new Float64Array(blocksWide * blocksHigh);
  const qDc = frame.quant.get(luma.tq) ?? 1;
  const reader = new BitReader(bytes, start);
  for (const c of scan) c.predictor = ZERO_DC;

  const decodeBlock = (component: Component): number => {
    const dcTable = frame.dcTables.get(component.dcTable);
    const acTable = frame.acTables.get(component.acTable);
    if (!dcTable || !acTable) throw new Error("missing Huffman table");
    const size = reader.decode(dcTable);
    component.predictor += extend(reader.receive(size), size);
    for (let k = 1; k < 64; ) {
      const symbol = reader.decode(acTable);
      const run = symbol >> 4;
      const bits = symbol & 15;
      if (bits === 0) {
        if (run !== 15) break;
        k += 16;
        continue;
      }
      reader.receive(bits);
      k += run + 1;
    }
    return component.predictor;
  };

  const total = mcuX * mcuY;
  for (let mcu = 0; mcu < total; mcu++) {
    if (frame.restartInterval && mcu > 0 && mcu % frame.restartInterval === 0) {
      reader.restart();
      for (const c of scan) c.predictor = ZERO_DC;
    }
    const mx = mcu % mcuX;
    const my = Math.floor(mcu / mcuX);
    if (single) {
      dc[my * blocksWide + mx] = decodeBlock(luma);
      continue;
    }
    for (const component of scan) {
      for (let by = 0; by < component.v; by++) {
        for (let bx = 0; bx < component.h; bx++) {
          const value = decodeBlock(component);
          if (component === luma) dc[(my * luma.v + by) * blocksWide + mx * luma.h + bx] = value;
        }
      }
    }
  }
  // DC × quantiser / 8 is the block's mean sample value minus the level shift of 128.
  const visibleWide = Math.max(1, Math.ceil((frame.width * luma.h) / hMax / 8));
  const visibleHigh = Math.max(1, Math.ceil((frame.height * luma.v) / vMax / 8));
  const data = new Float64Array(visibleWide * visibleHigh);
  for (let y = 0; y < visibleHigh; y++) {
    for (let x = 0; x < visibleWide; x++) data[y * visibleWide + x] = Math.min(255, Math.max(0, (dc[y * blocksWide + x]! * qDc) / 8 + 128));
  }
  return { width: visibleWide, height: visibleHigh, data };
}

// ---------------------------------------------------------------------------------------------
// WebP (size only)

function webpSize(bytes: Uint8Array): DecodedImage | null {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  const at = (i: number) => bytes[i]!;
  if (chunk === "VP8 " && bytes.length >= 30) {
    return { width: ((at(27) << 8) | at(26)) & 0x3fff, height: ((at(29) << 8) | at(28)) & 0x3fff, luma: null };
  }
  if (chunk === "VP8L" && bytes.length >= 25) {
    const bits = at(21) | (at(22) << 8) | (at(23) << 16) | (at(24) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, luma: null };
  }
  if (chunk === "VP8X" && bytes.length >= 30) {
    return { width: 1 + (at(24) | (at(25) << 8) | (at(26) << 16)), height: 1 + (at(27) | (at(28) << 8) | (at(29) << 16)), luma: null };
  }
  return null;
}
