import { crc32, deflateSync } from 'node:zlib';
import { fixture } from './samples.js';

/**
 * Hostile images for tests, built byte by byte: headers that declare far more than the file holds.
 * (Test code; kept beside samples.ts so the upload tests and the decoder tests share one builder.)
 */

const u8 = (...values: number[]) => Buffer.from(values);
const u16 = (...values: number[]) => Buffer.concat(values.map((v) => Buffer.from([v >> 8, v & 255])));
const u32 = (...values: number[]) =>
  Buffer.concat(
    values.map((v) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(v);
      return b;
    }),
  );
const ascii = (text: string) => Buffer.from(text, 'latin1');

/** An ISOBMFF box: 32-bit size, four-character type, content. */
function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([u32(8 + body.length), ascii(type), body]);
}
const fullBox = (type: string, version: number, flags: number, ...content: Buffer[]) =>
  box(type, u8(version, (flags >> 16) & 255, (flags >> 8) & 255, flags & 255), ...content);

/** The sample HEIC's HEVC decoder configuration and its one 64×64 tile (the only mdat content). */
function sampleTile(): { hvcC: Buffer; tile: Buffer } {
  const sample = fixture('sample.heic');
  const at = (type: string) => sample.indexOf(type) - 4;
  const hvcC = sample.subarray(at('hvcC'), at('hvcC') + sample.readUInt32BE(at('hvcC')));
  const mdat = at('mdat');
  return { hvcC, tile: sample.subarray(mdat + 8, mdat + sample.readUInt32BE(mdat)) };
}

/**
 * A HEIC whose primary item is a grid of columns × rows tiles that are all the same 64×64 HEVC bytes
 * (every tile item's location points at one extent), each declared (ispe) as tileSide², and the grid
 * declaring width × height as its output (ispe and the grid's own header agree): a few KB for which
 * a decoder allocates width × height × 4 bytes before it finds out the tiles are smaller.
 * heicGrid(1, 1, 64, 64, 48) is an honest, decodable image.
 */
export function heicGrid(columns: number, rows: number, tileSide: number, width: number, height: number): Buffer {
  const { hvcC, tile } = sampleTile();
  const grid = Buffer.concat([u8(0, 0, rows - 1, columns - 1), u16(width, height)]);
  const tiles = Array.from({ length: columns * rows }, (_, i) => i + 2); // item 1 is the grid
  const build = (tileOffset: number) => {
    const iloc = fullBox(
      'iloc',
      0,
      0,
      u8(0x44, 0x00),
      u16(tiles.length + 1),
      u16(1, 0, 1),
      u32(tileOffset + tile.length, grid.length),
      ...tiles.map((id) => Buffer.concat([u16(id, 0, 1), u32(tileOffset, tile.length)])),
    );
    const infe = (id: number, type: string) => fullBox('infe', 2, 0, u16(id, 0), ascii(type), u8(0));
    const iinf = fullBox('iinf', 0, 0, u16(tiles.length + 1), infe(1, 'grid'), ...tiles.map((id) => infe(id, 'hvc1')));
    const iref = fullBox('iref', 0, 0, box('dimg', u16(1, tiles.length, ...tiles)));
    const ipco = box(
      'ipco',
      hvcC,
      fullBox('ispe', 0, 0, u32(tileSide, tileSide)),
      fullBox('ispe', 0, 0, u32(width, height)),
      fullBox('pixi', 0, 0, u8(3, 8, 8, 8)),
    );
    const ipma = fullBox(
      'ipma',
      0,
      0,
      u32(tiles.length + 1),
      u16(1),
      u8(2, 0x03, 0x84),
      ...tiles.map((id) => Buffer.concat([u16(id), u8(3, 0x81, 0x02, 0x84)])),
    );
    const hdlr = fullBox('hdlr', 0, 0, u32(0), ascii('pict'), u32(0, 0, 0), u8(0));
    return fullBox('meta', 0, 0, hdlr, fullBox('pitm', 0, 0, u16(1)), iloc, iinf, iref, box('iprp', ipco, ipma));
  };
  const ftyp = box('ftyp', ascii('heic'), u32(0), ascii('mif1'), ascii('heic'));
  const metaLength = build(0).length;
  const meta = build(ftyp.length + metaLength + 8);
  return Buffer.concat([ftyp, meta, box('mdat', tile, grid)]);
}

interface BmpHeader {
  width: number;
  height: number;
  bits: number;
  /** 0 none, 1 RLE8 */
  compression: number;
  /** The palette count field; 0 means 2^bits. */
  colours: number;
  palette: Buffer;
  pixels: Buffer;
}

/** A BMP with a BITMAPINFOHEADER saying whatever it is told. */
export function bmp({ width, height, bits, compression, colours, palette, pixels }: BmpHeader): Buffer {
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + palette.length + pixels.length, 2);
  header.writeUInt32LE(54 + palette.length, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(bits, 28);
  header.writeUInt32LE(compression, 30);
  header.writeUInt32LE(pixels.length, 34);
  header.writeUInt32LE(colours, 46);
  return Buffer.concat([header, palette, pixels]);
}

/** 64 bytes declaring 10000×10000 in RLE8: two palette entries, then "end of bitmap". */
export const rleBomb = () => bmp({ width: 10_000, height: 10_000, bits: 8, compression: 1, colours: 2, palette: Buffer.alloc(8), pixels: u8(0, 1) });

/** A 16×12 8-bit BMP whose palette count field says 0xFFFFFFFF. */
export const paletteBomb = () =>
  bmp({ width: 16, height: 12, bits: 8, compression: 0, colours: 0xffffffff, palette: Buffer.alloc(0), pixels: Buffer.alloc(16 * 12, 1) });

/** A PNG chunk: length, type, data, CRC-32 over type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([ascii(type), data]);
  return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
}

/**
 * A real decompression bomb: a black 1-bit PNG of width × height whose zlib stream of zero rows
 * compresses about a thousandfold (8000 × 8000 is ~10 KB on disk, 64 megapixels decoded).
 */
export function pngBomb(width: number, height: number): Buffer {
  const row = 1 + Math.ceil(width / 8); // filter byte, then the row's bits
  const ihdr = Buffer.concat([u32(width, height), u8(1, 0, 0, 0, 0)]);
  const idat = deflateSync(Buffer.alloc(row * height), { level: 9 });
  return Buffer.concat([u8(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}
