import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { photo } from '@switchboard/server/src/files/samples.js';

const CHUNK = 1024 * 1024;

/** A PDF header followed by random bytes, `bytes` long, written 1 MiB at a time (never whole in memory). */
export function randomPdf(dir: string, name: string, bytes: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, '%PDF-1.7\n');
    for (let written = 9; written < bytes; written += CHUNK) fs.writeSync(fd, randomBytes(Math.min(CHUNK, bytes - written)));
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** A JPEG comment segment (FF FE, length, text) right after the start-of-image marker: other bytes, the same picture. */
const withComment = (jpeg: Buffer, text: string) => {
  const comment = Buffer.from(text);
  const header = Buffer.from([0xff, 0xfe, 0, 0]);
  header.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, comment, jpeg.subarray(2)]);
};

/**
 * `count` photo-like JPEGs of `width`×`height` (the server's test sample: blurred noise, quality 92, EXIF with a
 * GPS position), each with different bytes: the server reuses the renditions of an upload it has seen before.
 */
export async function distinctPhotos(dir: string, count: number, width: number, height: number): Promise<string[]> {
  const jpeg = await photo(width, height);
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `photo-${i}.jpg`);
    fs.writeFileSync(file, withComment(jpeg, `bench photo ${i}`));
    return file;
  });
}
