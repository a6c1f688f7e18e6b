/**
 * Small files that declare enormous images: what an attacker uploads to make a server decode gigabytes.
 * Built here byte by byte so the benchmark needs no fixture files.
 */
import { deflateSync } from 'node:zlib';
import { heicGrid } from '@switchboard/server/src/files/crafted.js';

export interface Bomb {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** A BMP header (14 + 40 bytes) with the given size, bit depth, compression and palette count, then `data`. */
function bmp(width: number, height: number, bitsPerPixel: number, compression: number, paletteCount: number, data: Buffer): Buffer {
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'ascii');
  header.writeUInt32LE(54 + data.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(bitsPerPixel, 28);
  header.writeUInt32LE(compression, 30);
  header.writeUInt32LE(data.length, 34);
  header.writeUInt32LE(paletteCount, 46);
  return Buffer.concat([header, data]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A greyscale PNG of `side`² pixels, all zero: deflate shrinks it ~1000×. */
function pngBomb(side: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc(side * (side + 1)); // a filter byte and the pixels, per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

let built: Bomb[] | undefined;

export function imageBombs(): Bomb[] {
  built ??= [
    // RLE8, 10000×10000, one palette entry, then "end of bitmap": 60 bytes that decode to 400 MB of RGBA.
    { name: 'rle.bmp', contentType: 'image/bmp', bytes: bmp(10_000, 10_000, 8, 1, 1, Buffer.from([0, 0, 0, 0, 0, 1])) },
    // A palette count of 0xFFFFFFFF: a decoder that trusts it reads (or allocates) 16 GB of palette.
    { name: 'palette.bmp', contentType: 'image/bmp', bytes: bmp(16, 16, 8, 0, 0xffffffff, Buffer.alloc(16 * 16)) },
    // A HEIF grid of 4×4 references to one 4096² tile: 16384² to decode, a few hundred bytes to send.
    { name: 'grid.heic', contentType: 'image/heic', bytes: heicGrid(4, 4, 4096, 16_384, 16_384) },
    // 16000² greyscale zeros: within libvips' default pixel limit, 256 MB to decode, ~250 KB to send.
    { name: 'zeros.png', contentType: 'image/png', bytes: pngBomb(16_000) },
  ];
  return built;
}
