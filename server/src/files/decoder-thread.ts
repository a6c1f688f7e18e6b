import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ImageTooLarge, UnreadableImage } from './image-header.js';

/** Decoded pixels, possibly shrunk (width, height) from the image's real size (originalWidth, originalHeight). */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  originalWidth: number;
  originalHeight: number;
}

const require = createRequire(import.meta.url);

/**
 * Runs in the thread. Decoded pixels are shrunk here, by averaging whole f×f blocks, to at least
 * `target` px on the long side (sharp makes the final size): the server's main thread is handed at most
 * a few megapixels, never the full decoded image. BMP comes out of bmp-js as ABGR, HEIC as RGBA.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const os = require('node:os');
// This thread only ever decodes what somebody uploaded: at the lowest priority, it takes only CPU that
// delivering messages does not want. On Linux a thread's nice value is its own (pid 0: this thread).
try { os.setPriority(0, os.constants.priority.PRIORITY_LOW); } catch {}
// libheif's WebAssembly takes tens of milliseconds of CPU to load: only when a HEIC comes.
let heicDecode;
const bmp = require(workerData.bmp);
function shrink(src, width, height, offsets, channels) {
  const f = Math.max(1, Math.floor(Math.max(width, height) / workerData.target));
  const ow = Math.max(1, Math.floor(width / f)), oh = Math.max(1, Math.floor(height / f));
  const out = new Uint8Array(ow * oh * channels), sums = new Float64Array(channels), n = f * f;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      sums.fill(0);
      for (let dy = 0; dy < f; dy++) {
        let i = ((y * f + dy) * width + x * f) * 4;
        for (let dx = 0; dx < f; dx++, i += 4) for (let c = 0; c < channels; c++) sums[c] += src[i + offsets[c]];
      }
      const o = (y * ow + x) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = Math.round(sums[c] / n);
    }
  }
  return { data: out, width: ow, height: oh, channels, originalWidth: width, originalHeight: height };
}
parentPort.on('message', async ({ mime, bytes }) => {
  try {
    const buffer = Buffer.from(bytes);
    const image = mime === 'image/bmp'
      ? (() => { const d = bmp.decode(buffer); return shrink(d.data, d.width, d.height, [3, 2, 1], 3); })()
      : await (heicDecode ??= require(workerData.heic))({ buffer }).then((d) => shrink(d.data, d.width, d.height, [0, 1, 2, 3], 4));
    parentPort.postMessage({ image }, [image.data.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

/** At most 15 characters: Linux keeps no more of a thread's name. */
export const DECODER_THREAD_NAME = 'image-decoder';

export interface DecoderOptions {
  /** A fresh thread after this many images: libheif's WebAssembly memory only ever grows. */
  maxJobs: number;
  /** After an image this large (in pixels) the thread is replaced at once: its memory stays grown otherwise. */
  recyclePixels: number;
  /** Decoded images are shrunk in the thread to no less than this many px on the long side. */
  shrinkTo: number;
  /** A decode taking longer ends its thread. */
  timeoutMs: number;
  /** V8 heap limits of the thread; past them it dies instead of the server. */
  resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number; stackSizeMb: number };
}

const DEFAULTS: DecoderOptions = {
  maxJobs: 25,
  recyclePixels: 16_000_000,
  shrinkTo: 2048,
  timeoutMs: 20_000,
  resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
};

/**
 * One worker thread that decodes HEIC and BMP, one image at a time. It is replaced after a file it
 * could not decode, after maxJobs images, when it dies (out of memory) or overruns its time, so
 * whatever a bad file made it allocate is given back to the system with it. Headers are checked
 * before (image-header.ts); this is the second line. It runs at the lowest CPU priority (Linux: nice 19
 * for this thread alone), so a visitor uploading images cannot slow the colleagues' chat.
 */
export class DecoderThread {
  private worker: Worker | undefined;
  private jobs = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DecoderOptions = DEFAULTS) {}

  /** Decodes in turn; the bytes are copied, the caller's buffer stays usable. */
  decode(bytes: Uint8Array, mime: string): Promise<RawImage> {
    const run = this.queue.then(() => this.run(bytes, mime));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the current thread (tests, shutdown); the next decode starts a fresh one. */
  async stop(): Promise<void> {
    const current = this.worker;
    this.worker = undefined;
    this.jobs = 0;
    if (current) await current.terminate();
  }

  /** The thread's id, for tests that watch it being replaced. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  private thread(): Worker {
    if (this.worker && this.jobs < this.options.maxJobs) return this.worker;
    if (this.worker) void this.stop();
    this.jobs = 0;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // The thread's name in the system (`ps -L`, /proc): where its nice value can be seen.
      name: DECODER_THREAD_NAME,
      workerData: { heic: require.resolve('heic-decode'), bmp: require.resolve('bmp-js'), target: this.options.shrinkTo },
      resourceLimits: this.options.resourceLimits,
    });
    this.worker.unref();
    // A thread that dies between jobs is simply replaced by the next decode (an 'error' without a
    // listener would throw in the server).
    const created = this.worker;
    created
      .on('error', () => undefined)
      .on('exit', () => {
        if (this.worker === created) this.worker = undefined;
      });
    return created;
  }

  private run(bytes: Uint8Array, mime: string): Promise<RawImage> {
    const worker = this.thread();
    this.jobs++;
    return new Promise<RawImage>((resolve, reject) => {
      const done = (error?: Error, image?: RawImage) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (image) {
          if (image.originalWidth * image.originalHeight > this.options.recyclePixels && this.worker === worker) void this.stop();
          return resolve(image);
        }
        // Whatever the failed decode left behind goes with its thread.
        if (this.worker === worker) void this.stop();
        reject(error);
      };
      const onMessage = (reply: { image?: RawImage; error?: string }) =>
        reply.image ? done(undefined, reply.image) : done(new UnreadableImage(reply.error ?? 'could not decode'));
      // ERR_WORKER_OUT_OF_MEMORY and the like: the image needs more than a decode may have.
      const onError = (error: Error) => done(new ImageTooLarge(`the decoder stopped: ${error.message}`));
      const onExit = () => done(new ImageTooLarge('the decoder stopped'));
      const timer = setTimeout(() => done(new ImageTooLarge(`decoding took longer than ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      const copy = new Uint8Array(bytes); // its own ArrayBuffer, safe to hand over
      worker.postMessage({ mime, bytes: copy }, [copy.buffer]);
    });
  }
}
