import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { ACCEPTED_FILE_TYPES, AttachmentKind } from '@switchboard/protocol';
import { fileTypeFromFile } from 'file-type';

export type AcceptedMime = keyof typeof ACCEPTED_FILE_TYPES;

export interface Detected {
  mime: AcceptedMime;
  kind: AttachmentKind;
}

/** Everything that may be sent, named for the refusal message. */
export const ACCEPTED_NAMES = 'PDF, DOC, DOCX, PPT, PPTX, XLS, XLSX, TXT, RTF, JPG, PNG, GIF, BMP, WEBP, TIFF, HEIC/HEIF';

const IMAGES = new Set<string>(['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/webp', 'image/tiff', 'image/heic', 'image/heif']);
const DOCUMENTS = new Set<string>([
  'application/pdf',
  'application/rtf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

const extensionOf = (name: string) => /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * Decides what a file is from its bytes, never from its name: file-type's signatures, then the
 * legacy Office formats (compound files, told apart by their streams) and plain UTF-8 text.
 * Undefined: not something we accept.
 */
export async function detectType(path: string, name: string): Promise<Detected | undefined> {
  const found = await fileTypeFromFile(path);
  if (found) {
    if (IMAGES.has(found.mime)) return { mime: found.mime as AcceptedMime, kind: 'image' };
    if (DOCUMENTS.has(found.mime)) return { mime: found.mime as AcceptedMime, kind: 'document' };
    if (found.ext === 'cfb') {
      const mime = await legacyOffice(path, name);
      return mime ? { mime, kind: 'document' } : undefined;
    }
    return undefined;
  }
  return (await isPlainText(path)) ? { mime: 'text/plain', kind: 'document' } : undefined;
}

/** UTF-8 (a BOM allowed) without NUL bytes: the only signature plain text has. */
async function isPlainText(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let empty = true;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
      if (chunk.length > 0) empty = false;
      if (chunk.includes(0)) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
  } catch {
    return false;
  }
  return !empty;
}

const CFB_STREAMS: [string, AcceptedMime][] = [
  ['WordDocument', 'application/msword'],
  ['Workbook', 'application/vnd.ms-excel'],
  ['Book', 'application/vnd.ms-excel'],
  ['PowerPoint Document', 'application/vnd.ms-powerpoint'],
];
const CFB_BY_EXTENSION: Record<string, AcceptedMime> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/**
 * DOC, XLS and PPT are all compound files (CFB, a FAT file system in a file); their top-level stream
 * names tell them apart. When the directory cannot be read, the name's extension decides, but only
 * among these three (an MSI installer is a compound file too, and is refused).
 */
async function legacyOffice(path: string, name: string): Promise<AcceptedMime | undefined> {
  let names: string[] = [];
  try {
    names = await cfbEntryNames(path);
  } catch {
    names = [];
  }
  for (const [stream, mime] of CFB_STREAMS) if (names.includes(stream)) return mime;
  return names.length === 0 ? CFB_BY_EXTENSION[extensionOf(name)] : undefined;
}

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const MAX_SECTORS = 1 << 20;

/** The names in a compound file's directory, read by following its FAT (MS-CFB 2.2–2.6). */
async function cfbEntryNames(path: string): Promise<string[]> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(512);
    await file.read(header, 0, 512, 0);
    const sectorSize = 1 << header.readUInt16LE(0x1e);
    if (sectorSize !== 512 && sectorSize !== 4096) return [];
    const sector = async (n: number) => {
      const buf = Buffer.alloc(sectorSize);
      const { bytesRead } = await file.read(buf, 0, sectorSize, (n + 1) * sectorSize);
      if (bytesRead < sectorSize) throw new Error('short sector');
      return buf;
    };
    // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) fatSectors.push(header.readUInt32LE(0x4c + i * 4));
    let difat = header.readUInt32LE(0x44);
    for (let hops = 0; difat !== ENDOFCHAIN && difat !== FREESECT && hops < 1000; hops++) {
      const buf = await sector(difat);
      for (let i = 0; i < sectorSize / 4 - 1; i++) fatSectors.push(buf.readUInt32LE(i * 4));
      difat = buf.readUInt32LE(sectorSize - 4);
    }
    const fatCache = new Map<number, Buffer>();
    const next = async (n: number) => {
      const perSector = sectorSize / 4;
      const index = Math.floor(n / perSector);
      const fatSector = fatSectors[index];
      if (fatSector === undefined || fatSector === FREESECT) throw new Error('bad FAT');
      let buf = fatCache.get(index);
      if (!buf) {
        buf = await sector(fatSector);
        fatCache.set(index, buf);
      }
      return buf.readUInt32LE((n % perSector) * 4);
    };
    const entries: { name: string; left: number; right: number; child: number }[] = [];
    let dir = header.readUInt32LE(0x30);
    for (let hops = 0; dir !== ENDOFCHAIN && hops < MAX_SECTORS && entries.length < 100_000; hops++) {
      const buf = await sector(dir);
      for (let off = 0; off < sectorSize; off += 128) {
        const length = Math.min(Math.max(buf.readUInt16LE(off + 64), 2), 64);
        entries.push({
          name: buf.toString('utf16le', off, off + length - 2),
          left: buf.readUInt32LE(off + 68),
          right: buf.readUInt32LE(off + 72),
          child: buf.readUInt32LE(off + 76),
        });
      }
      dir = await next(dir);
    }
    // Only the root storage's own entries count: an Excel sheet embedded in a Word file is nested deeper.
    const names: string[] = [];
    const pending = [entries[0]?.child ?? FREESECT];
    const seen = new Set<number>();
    while (pending.length > 0) {
      const id = pending.pop()!;
      const entry = entries[id];
      if (!entry || seen.has(id)) continue;
      seen.add(id);
      names.push(entry.name);
      pending.push(entry.left, entry.right);
    }
    return names;
  } finally {
    await file.close();
  }
}
