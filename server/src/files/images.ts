import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { AcceptedMime } from './detect.js';
import { DecoderThread, type RawImage } from './decoder-thread.js';
import { checkBmp, checkHeif, checkSize, DEFAULT_IMAGE_LIMITS, ImageTooLarge, UnreadableImage, type ImageLimits } from './image-header.js';

export { DEFAULT_IMAGE_LIMITS, ImageTooLarge, UnreadableImage, type ImageLimits } from './image-header.js';

// Keep no files open between operations (an unreferenced upload must be deletable at once).
sharp.cache({ files: 0 });

export const DISPLAY_MAX_PX = 2048;
export const THUMB_MAX_PX = 320;

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

/**
 * Makes what others are shown of an image: a display version (longest side 2048 px) and a thumbnail,
 * both WebP, turned upright, without EXIF/XMP (no GPS position) and animated when the original is.
 * Its size is read from the header first: past the limits, ImageTooLarge and nothing is decoded.
 * sharp runs on libuv's threads; the HEIC (HEVC, via libheif's WASM) and BMP decoders, which sharp's
 * prebuilt binaries lack, run in a resource-limited worker thread: neither blocks the event loop.
 */
export function processImage(file: string, mime: AcceptedMime, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<ProcessedImage> {
  return limiter.run(() => render(file, mime, limits));
}

async function render(file: string, mime: AcceptedMime, limits: ImageLimits): Promise<ProcessedImage> {
  try {
    const raw = mime === 'image/heic' || mime === 'image/heif' || mime === 'image/bmp' ? await decodeChecked(file, mime, limits) : undefined;
    const animated = mime === 'image/gif' || mime === 'image/webp';
    if (!raw) {
      // metadata() reads the header only; for an animation its height is that of all frames together.
      // Unlimited here so that a size past the limits is told apart from a broken file.
      const header = await sharp(file, { animated, limitInputPixels: false }).metadata();
      checkSize(header.width, header.height, limits);
    }
    const limitInputPixels = limits.maxPixels;
    const input = raw
      ? sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels }, limitInputPixels })
      : sharp(file, { animated, limitInputPixels, failOn: 'error' });
    const meta = await input.metadata();
    const frameHeight = meta.pageHeight ?? meta.height;
    const upright = (meta.orientation ?? 1) >= 5;
    const width = raw ? raw.originalWidth : upright ? frameHeight : meta.width;
    const height = raw ? raw.originalHeight : upright ? meta.width : frameHeight;
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
    if (error instanceof UnreadableImage || error instanceof ImageTooLarge) throw error;
    throw new UnreadableImage(error instanceof Error ? error.message : String(error));
  }
}

/** HEIC and BMP: the header is checked here, in the server process, before the bytes reach a decoder. */
async function decodeChecked(file: string, mime: AcceptedMime, limits: ImageLimits): Promise<RawImage> {
  const bytes = await readFile(file);
  if (mime === 'image/bmp') checkBmp(bytes, limits);
  else checkHeif(bytes, limits);
  return decoder.decode(bytes, mime);
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

export const decoder = new DecoderThread();

/** Stops the decoder thread (tests, shutdown). */
export function stopImageWorker(): Promise<void> {
  return decoder.stop();
}
