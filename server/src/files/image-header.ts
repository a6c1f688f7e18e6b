/**
 * Image sizes read from file headers, before anything is decoded: a few bytes may declare a picture
 * of gigabytes (a 60-byte RLE8 BMP of 10000×10000, a HEIC grid of thousands of references to one
 * tile), and a decoder allocates what the header says. Every read is bounds-checked.
 */

export interface ImageLimits {
  /** Largest picture rendered, in pixels (all frames of an animation together). */
  maxPixels: number;
  /** Longest side rendered, in pixels. */
  maxSide: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxPixels: 40_000_000, maxSide: 16_384 };

/** The bytes are not an image we can read (refused, as they would be if they were no image at all). */
export class UnreadableImage extends Error {}

/** The image is too large (or its header too strange) to be decoded here; it may still be sent as a file. */
export class ImageTooLarge extends Error {}

/** Refuses a width × height the limits do not allow. */
export function checkSize(width: number, height: number, limits: ImageLimits, what = 'image'): void {
  if (!(width > 0 && height > 0)) throw new ImageTooLarge(`${what} declares no size`);
  if (width > limits.maxSide || height > limits.maxSide) throw new ImageTooLarge(`${what} is ${width}×${height}, over ${limits.maxSide} px a side`);
  if (width * height > limits.maxPixels) throw new ImageTooLarge(`${what} is ${width}×${height}, over ${limits.maxPixels} pixels`);
}

/**
 * A BMP as bmp-js will read it: BITMAPINFOHEADER fields at fixed offsets, the palette right after.
 * The palette may have at most 256 entries and must lie inside the file; uncompressed pixel rows too.
 */
export function checkBmp(data: Buffer, limits: ImageLimits): void {
  if (data.length < 54 || data.toString('latin1', 0, 2) !== 'BM') throw new ImageTooLarge('not a readable BMP header');
  const headerSize = data.readUInt32LE(14);
  if (headerSize < 40) throw new ImageTooLarge('BMP core headers are not supported');
  const width = data.readUInt32LE(18);
  const height = Math.abs(data.readInt32LE(22));
  const bits = data.readUInt16LE(28);
  const compression = data.readUInt32LE(30);
  const colours = data.readUInt32LE(46);
  checkSize(width, height, limits, 'BMP');
  if (![1, 4, 8, 16, 24, 32].includes(bits)) throw new ImageTooLarge(`BMP with ${bits} bits per pixel`);
  if (bits < 15) {
    const entries = colours === 0 ? 1 << bits : colours;
    if (entries > 256 || 54 + entries * 4 > data.length) throw new ImageTooLarge(`BMP palette of ${colours} colours`);
  }
  if (compression === 0) {
    const stride = Math.ceil((width * bits) / 32) * 4;
    if (data.readUInt32LE(10) + stride * height > data.length) throw new ImageTooLarge('BMP pixel data is shorter than its header says');
  }
}

interface Box {
  type: string;
  start: number; // of the content, after the header
  end: number;
}

/** The boxes (ISO/IEC 14496-12 §4.2) between start and end; a size running past the end is an error. */
function boxes(data: Buffer, start: number, end: number): Box[] {
  const found: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    let size = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) throw new ImageTooLarge('HEIF box cut off');
      size = Number(data.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) throw new ImageTooLarge(`HEIF box ${type} runs past its parent`);
    found.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return found;
}

const child = (data: Buffer, parent: Box, type: string, fullBox = false) =>
  boxes(data, parent.start + (fullBox ? 4 : 0), parent.end).find((b) => b.type === type);

/** A bounds-checked reader over one box's content. */
class Reader {
  constructor(
    private readonly data: Buffer,
    public at: number,
    private readonly end: number,
  ) {}
  private need(n: number) {
    if (this.at + n > this.end) throw new ImageTooLarge('HEIF box content cut off');
  }
  u8() {
    this.need(1);
    return this.data.readUInt8(this.at++);
  }
  u16() {
    this.need(2);
    const v = this.data.readUInt16BE(this.at);
    this.at += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.data.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
}

/** Most tiles a grid may reference (a 12-megapixel iPhone photo has 48). */
const MAX_TILES = 1024;

/**
 * A HEIC/HEIF as libheif will read it: meta → iprp → ipco holds each item's `ispe` (its size), ipma
 * says which item has which, iref `dimg` lists a grid's tiles. Refused: any item larger than the
 * limits, a grid with more than MAX_TILES tiles or whose tiles together exceed the pixel limit (the
 * decoder decodes every reference, also to the same tile), and a file with no size at all.
 */
export function checkHeif(data: Buffer, limits: ImageLimits): void {
  const meta = boxes(data, 0, data.length).find((b) => b.type === 'meta');
  if (!meta) throw new ImageTooLarge('HEIF without a meta box');
  const iprp = child(data, meta, 'iprp', true);
  const ipco = iprp && child(data, iprp, 'ipco');
  const ipma = iprp && child(data, iprp, 'ipma');
  if (!ipco || !ipma) throw new ImageTooLarge('HEIF without item properties');

  // Property indices are 1-based; only ispe matters here.
  const sizes = boxes(data, ipco.start, ipco.end).map((b) => {
    if (b.type !== 'ispe') return undefined;
    const r = new Reader(data, b.start + 4, b.end);
    return { width: r.u32(), height: r.u32() };
  });
  if (!sizes.some(Boolean)) throw new ImageTooLarge('HEIF without an image size');
  for (const size of sizes) if (size) checkSize(size.width, size.height, limits, 'HEIF item');

  const itemSize = new Map<number, number>();
  const r = new Reader(data, ipma.start, ipma.end);
  const version = r.u8();
  const flags = (r.u8() << 16) | r.u16();
  for (let entries = r.u32(); entries > 0; entries--) {
    const item = version < 1 ? r.u16() : r.u32();
    for (let n = r.u8(); n > 0; n--) {
      const index = flags & 1 ? r.u16() & 0x7fff : r.u8() & 0x7f;
      const size = sizes[index - 1];
      if (size) itemSize.set(item, size.width * size.height);
    }
  }

  const iref = child(data, meta, 'iref', true);
  if (!iref) return;
  const wide = data.readUInt8(iref.start) !== 0; // version 1: 32-bit item ids
  let references = 0;
  for (const ref of boxes(data, iref.start + 4, iref.end)) {
    if (ref.type !== 'dimg') continue;
    const rr = new Reader(data, ref.start, ref.end);
    if (wide) rr.u32();
    else rr.u16();
    const count = rr.u16();
    references += count;
    if (references > MAX_TILES) throw new ImageTooLarge(`HEIF grid of more than ${MAX_TILES} tiles`);
    let pixels = 0;
    for (let i = 0; i < count; i++) pixels += itemSize.get(wide ? rr.u32() : rr.u16()) ?? 0;
    if (pixels > limits.maxPixels) throw new ImageTooLarge(`HEIF grid tiles of ${pixels} pixels together, over ${limits.maxPixels}`);
  }
}
