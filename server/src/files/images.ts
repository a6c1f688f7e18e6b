import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { AcceptedMime } from './detect.js';

// Keep no files open between operations (an unreferenced upload must be deletable at once).
sharp.cache({ files: 0 });

export const DISPLAY_MAX_PX = 2048;
export const THUMB_MAX_PX = 320;
const MAX_PIXELS = 100_000_000;

export interface Rendition {
  data: Buffer;
  mime: string;
}

export interface ProcessedImage {
  width: number;
  height: number;
  display: Rendition;
  thumb: Rendition;
}

export class UnreadableImage extends Error {}

interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * Makes what others are shown of an image: a display version (longest side 2048 px) and a thumbnail,
 * both WebP, turned upright, without EXIF/XMP (no GPS position) and animated when the original is.
 * sharp runs on libuv's threads; the HEIC (HEVC, via libheif's WASM) and BMP decoders, which sharp's
 * prebuilt binaries lack, run in a worker thread: neither blocks the event loop.
 */
export function processImage(file: string, mime: AcceptedMime): Promise<ProcessedImage> {
  return limiter.run(() => render(file, mime));
}

async function render(file: string, mime: AcceptedMime): Promise<ProcessedImage> {
  try {
    const raw = mime === 'image/heic' || mime === 'image/heif' || mime === 'image/bmp' ? await decodeInWorker(file, mime) : undefined;
    const animated = mime === 'image/gif' || mime === 'image/webp';
    const input = raw
      ? sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels }, limitInputPixels: MAX_PIXELS })
      : sharp(file, { animated, limitInputPixels: MAX_PIXELS, failOn: 'error' });
    const meta = await input.metadata();
    const frameHeight = meta.pageHeight ?? meta.height;
    const upright = (meta.orientation ?? 1) >= 5;
    const width = upright ? frameHeight : meta.width;
    const height = upright ? meta.width : frameHeight;
    const display = await input
      .autoOrient()
      .resize(DISPLAY_MAX_PX, DISPLAY_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
    // From the display version: a fraction of the pixels of the original, already upright and clean.
    const thumb = await sharp(display, { animated })
      .resize(THUMB_MAX_PX, THUMB_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70, effort: 2 })
      .toBuffer();
    return { width, height, display: { data: display, mime: 'image/webp' }, thumb: { data: thumb, mime: 'image/webp' } };
  } catch (error) {
    throw error instanceof UnreadableImage ? error : new UnreadableImage(error instanceof Error ? error.message : String(error));
  }
}

/** At most (cores − 1) images at once, so one core stays free for delivering messages. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const limiter = new Limiter(Math.max(1, availableParallelism() - 1));

const require = createRequire(import.meta.url);

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const heicDecode = require(workerData.heic);
const bmp = require(workerData.bmp);
parentPort.on('message', async ({ id, mime, bytes }) => {
  try {
    const buffer = Buffer.from(bytes);
    if (mime === 'image/bmp') {
      const w = buffer.readInt32LE(18), h = Math.abs(buffer.readInt32LE(22));
      if (w <= 0 || h <= 0 || w * h > workerData.maxPixels) throw new Error('image too large');
      const decoded = bmp.decode(buffer);
      const src = decoded.data, out = new Uint8Array(decoded.width * decoded.height * 3);
      for (let i = 0, o = 0; i < src.length; i += 4, o += 3) { out[o] = src[i + 3]; out[o + 1] = src[i + 2]; out[o + 2] = src[i + 1]; }
      parentPort.postMessage({ id, image: { data: out, width: decoded.width, height: decoded.height, channels: 3 } }, [out.buffer]);
    } else {
      const image = await heicDecode({ buffer });
      if (image.width * image.height > workerData.maxPixels) throw new Error('image too large');
      const out = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
      parentPort.postMessage({ id, image: { data: out, width: image.width, height: image.height, channels: 4 } }, [out.buffer]);
    }
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

let worker: Worker | undefined;
let nextId = 0;
const calls = new Map<number, { resolve: (image: RawImage) => void; reject: (error: Error) => void }>();

function decoder(): Worker {
  if (worker) return worker;
  const created = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { heic: require.resolve('heic-decode'), bmp: require.resolve('bmp-js'), maxPixels: MAX_PIXELS },
  });
  created.unref();
  created.on('message', (reply: { id: number; image?: RawImage; error?: string }) => {
    const call = calls.get(reply.id);
    calls.delete(reply.id);
    if (reply.image) call?.resolve(reply.image);
    else call?.reject(new UnreadableImage(reply.error ?? 'could not decode'));
  });
  const fail = (error: Error) => {
    for (const call of calls.values()) call.reject(new UnreadableImage(error.message));
    calls.clear();
    worker = undefined;
  };
  created.on('error', fail);
  created.on('exit', () => fail(new Error('decoder stopped')));
  worker = created;
  return created;
}

async function decodeInWorker(file: string, mime: string): Promise<RawImage> {
  const bytes = await readFile(file);
  const target = decoder();
  return new Promise<RawImage>((resolve, reject) => {
    const id = nextId++;
    calls.set(id, { resolve, reject });
    const copy = new Uint8Array(bytes); // its own ArrayBuffer, safe to hand over
    target.postMessage({ id, mime, bytes: copy }, [copy.buffer]);
  });
}

/** Stops the decoder thread (tests, shutdown). */
export async function stopImageWorker(): Promise<void> {
  const current = worker;
  worker = undefined;
  if (current) await current.terminate();
}
