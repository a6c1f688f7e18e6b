import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { bmp, heicGrid, paletteBomb, pngBomb, rleBomb } from './crafted.js';
import { DECODER_THREAD_NAME, DecoderThread } from './decoder-thread.js';
import { checkBmp, checkHeif, DEFAULT_IMAGE_LIMITS } from './image-header.js';
import { decoder, ImageTooLarge, processImage, UnreadableImage } from './images.js';
import { fixture } from './samples.js';

const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const onDisk = (name: string, data: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};
const MB = 1024 * 1024;

describe('image headers', () => {
  it('pass real photos and refuse sizes past the limits before decoding', () => {
    expect(() => checkHeif(fixture('sample.heic'), DEFAULT_IMAGE_LIMITS)).not.toThrow();
    expect(() => checkHeif(heicGrid(8, 8, 64, 512, 512), DEFAULT_IMAGE_LIMITS)).not.toThrow();
    expect(() => checkBmp(fixture('sample.bmp'), DEFAULT_IMAGE_LIMITS)).not.toThrow();

    expect(() => checkHeif(heicGrid(16, 16, 1024, 16384, 16384), DEFAULT_IMAGE_LIMITS)).toThrow(ImageTooLarge);
    // An output that looks small but tiles whose pixels together are not (each reference is decoded).
    expect(() => checkHeif(heicGrid(16, 16, 1024, 4000, 4000), DEFAULT_IMAGE_LIMITS)).toThrow(/tiles of 268435456 pixels/);
    expect(() => checkHeif(heicGrid(33, 33, 8, 264, 264), DEFAULT_IMAGE_LIMITS)).toThrow(/more than 1024 tiles/);
    expect(() => checkBmp(rleBomb(), DEFAULT_IMAGE_LIMITS)).toThrow(/10000×10000/);
    expect(() => checkBmp(paletteBomb(), DEFAULT_IMAGE_LIMITS)).toThrow(/palette of 4294967295/);
    const cutOff = bmp({ width: 6000, height: 6000, bits: 24, compression: 0, colours: 0, palette: Buffer.alloc(0), pixels: Buffer.alloc(10) });
    expect(() => checkBmp(cutOff, DEFAULT_IMAGE_LIMITS)).toThrow(/shorter than its header/);
    expect(() => checkBmp(fixture('sample.bmp'), { maxPixels: 100, maxSide: 16_384 })).toThrow(ImageTooLarge);
  });

  it('never read past the end of a cut-off header', () => {
    for (const whole of [fixture('sample.heic'), heicGrid(4, 4, 64, 256, 256), fixture('sample.bmp')]) {
      for (let length = 0; length < Math.min(whole.length, 1200); length++) {
        const part = whole.subarray(0, length);
        for (const check of [checkHeif, checkBmp]) {
          try {
            check(part, DEFAULT_IMAGE_LIMITS);
          } catch (error) {
            expect(error, `${check.name} at ${length}`).toBeInstanceOf(ImageTooLarge);
          }
        }
      }
    }
  });
});

describe('rendering hostile images', () => {
  it.each([
    ['a 64-byte RLE8 BMP declaring 10000×10000', 'rle.bmp', rleBomb, 'image/bmp'],
    ['a BMP whose palette count is 0xFFFFFFFF', 'palette.bmp', paletteBomb, 'image/bmp'],
    ['a HEIC grid declaring 16384×16384 from one tile', 'grid.heic', () => heicGrid(16, 16, 1024, 16384, 16384), 'image/heic'],
    ['a 10 KB PNG of 8000×8000 pixels', 'zeros.png', () => pngBomb(8000, 8000), 'image/png'],
  ] as const)('refuses %s quickly, without the server process growing', async (_, name, make, mime) => {
    const file = onDisk(name, make());
    const before = process.memoryUsage().rss;
    const started = performance.now();
    await expect(processImage(file, mime)).rejects.toBeInstanceOf(ImageTooLarge);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * MB);
  });

  it('renders a large image within the limits at its real size, from a few megapixels in the server thread', async () => {
    // 6000×4000 RLE8, every pixel palette colour 1: runs of 255, the rest, end of line.
    const row = Buffer.from([...Array.from({ length: 23 }, () => [255, 1]).flat(), 135, 1, 0, 0]);
    const palette = Buffer.from([0, 0, 0, 0, 200, 100, 50, 0]); // BGRA: index 1 is rgb(50, 100, 200)
    const large = bmp({
      width: 6000,
      height: 4000,
      bits: 8,
      compression: 1,
      colours: 2,
      palette,
      pixels: Buffer.concat([...Array.from({ length: 4000 }, () => row), Buffer.from([0, 1])]),
    });
    const image = await processImage(onDisk('large.bmp', large), 'image/bmp');
    expect([image.width, image.height]).toEqual([6000, 4000]);
    const { data, info } = await sharp(image.display.data).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([2048, 1365]);
    expect([...data.subarray(0, 3)].map((v) => Math.round(v / 10))).toEqual([5, 10, 20]);
    expect(decoder.threadId).toBeUndefined(); // 24 MP: its thread was replaced, its memory with it
  });

  it('still renders the real samples', async () => {
    expect((await processImage(onDisk('ok.heic', fixture('sample.heic')), 'image/heic')).width).toBe(64);
    expect((await processImage(onDisk('ok.bmp', fixture('sample.bmp')), 'image/bmp')).width).toBe(16);
  });
});

describe('the decoder thread', () => {
  it('is replaced after a file it could not decode, so nothing a bad file left stays', async () => {
    const thread = new DecoderThread();
    try {
      expect((await thread.decode(fixture('sample.heic'), 'image/heic')).width).toBe(64);
      const first = thread.threadId;
      expect(first).toBeDefined();
      const broken = heicGrid(2, 2, 1024, 2048, 2048); // tiles not the size they say
      await expect(thread.decode(broken, 'image/heic')).rejects.toBeInstanceOf(UnreadableImage);
      expect(thread.threadId).toBeUndefined();
      expect((await thread.decode(fixture('sample.bmp'), 'image/bmp')).width).toBe(16);
      expect(thread.threadId).not.toBe(first);
    } finally {
      await thread.stop();
    }
  });

  // Linux keeps a nice value per thread: the decoder's is lowered, the server's own stays.
  it.skipIf(process.platform !== 'linux')('decodes at the lowest priority without lowering the server', async () => {
    const threads = () =>
      readdirSync('/proc/self/task').map((tid) => ({
        name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
        nice: Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]),
      }));
    const thread = new DecoderThread();
    try {
      await thread.decode(fixture('sample.bmp'), 'image/bmp');
      // Earlier tests' decoder threads may still be ending: every one there is has its nice value lowered.
      const decoders = threads().filter((t) => t.name === DECODER_THREAD_NAME);
      expect(decoders.length).toBeGreaterThan(0);
      expect(decoders.every((t) => t.nice === 19)).toBe(true);
      expect(threads().filter((t) => t.name !== DECODER_THREAD_NAME && t.nice !== 0)).toEqual([]);
      expect(getPriority()).toBe(0);
    } finally {
      await thread.stop();
    }
  });

  it('is replaced after a number of images, and when a decode overruns its time', async () => {
    const limits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };
    const thread = new DecoderThread({ maxJobs: 2, recyclePixels: 1000, shrinkTo: 2048, timeoutMs: 20_000, resourceLimits: limits });
    const slow = new DecoderThread({ maxJobs: 2, recyclePixels: 1000, shrinkTo: 2048, timeoutMs: 1, resourceLimits: limits });
    try {
      const ids = [];
      for (let i = 0; i < 3; i++) {
        await thread.decode(fixture('sample.bmp'), 'image/bmp');
        ids.push(thread.threadId);
      }
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).not.toBe(ids[1]);
      // A large image (here: over 1000 pixels) is one job too many.
      await thread.decode(fixture('sample.heic'), 'image/heic');
      expect(thread.threadId).toBeUndefined();
      await expect(slow.decode(fixture('sample.heic'), 'image/heic')).rejects.toThrow(/longer than 1 ms/);
    } finally {
      await thread.stop();
      await slow.stop();
      await decoder.stop();
    }
  });
});
