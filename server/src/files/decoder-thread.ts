import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ImageTooLarge, UnreadableImage } from './image-header.js';

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

const require = createRequire(import.meta.url);

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const heicDecode = require(workerData.heic);
const bmp = require(workerData.bmp);
parentPort.on('message', async ({ mime, bytes }) => {
  try {
    const buffer = Buffer.from(bytes);
    if (mime === 'image/bmp') {
      const decoded = bmp.decode(buffer);
      const src = decoded.data, out = new Uint8Array(decoded.width * decoded.height * 3);
      for (let i = 0, o = 0; i < src.length; i += 4, o += 3) { out[o] = src[i + 3]; out[o + 1] = src[i + 2]; out[o + 2] = src[i + 1]; }
      parentPort.postMessage({ image: { data: out, width: decoded.width, height: decoded.height, channels: 3 } }, [out.buffer]);
    } else {
      const image = await heicDecode({ buffer });
      const out = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
      parentPort.postMessage({ image: { data: out, width: image.width, height: image.height, channels: 4 } }, [out.buffer]);
    }
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

export interface DecoderOptions {
  /** A fresh thread after this many images: libheif's WebAssembly memory only ever grows. */
  maxJobs: number;
  /** After an image this large (in pixels) the thread is replaced at once: its memory stays grown otherwise. */
  recyclePixels: number;
  /** A decode taking longer ends its thread. */
  timeoutMs: number;
  /** V8 heap limits of the thread; past them it dies instead of the server. */
  resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number; stackSizeMb: number };
}

const DEFAULTS: DecoderOptions = {
  maxJobs: 25,
  recyclePixels: 16_000_000,
  timeoutMs: 20_000,
  resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
};

/**
 * One worker thread that decodes HEIC and BMP, one image at a time. It is replaced after a file it
 * could not decode, after maxJobs images, when it dies (out of memory) or overruns its time, so
 * whatever a bad file made it allocate is given back to the system with it. Headers are checked
 * before (image-header.ts); this is the second line.
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
      workerData: { heic: require.resolve('heic-decode'), bmp: require.resolve('bmp-js') },
      resourceLimits: this.options.resourceLimits,
    });
    this.worker.unref();
    return this.worker;
  }

  private run(bytes: Uint8Array, mime: string): Promise<RawImage> {
    const worker = this.thread();
    this.jobs++;
    return new Promise<RawImage>((resolve, reject) => {
      const done = (error?: Error, image?: RawImage) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (image) {
          if (image.width * image.height > this.options.recyclePixels && this.worker === worker) void this.stop();
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
