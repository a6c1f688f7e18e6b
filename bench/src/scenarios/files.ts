import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { processImage, type ProcessedImage } from '@switchboard/server/src/files/images.js';
import type { LoadPlan, UploadResult, UploadSpec } from '../load/messages.js';
import { LoadGenerator } from '../load/remote.js';
import type { ScenarioReport, TargetCheck } from '../report.js';
import { formatKiB, formatMiB, formatMs, formatPct, summarize } from '../stats.js';
import { distinctPhotos, randomPdf } from '../target/samples.js';
import { seedDirectChats, seedUsers, type SeededUser } from '../target/seed.js';
import { startSwitchboard } from '../target/switchboard.js';
import { clientsOf } from './chat-setup.js';
import { deliverySummary, measureLoad, type Measured } from './measure.js';
import { peakGrowth } from './memory.js';

const MiB = 1024 * 1024;
/** The largest upload, and the server's limit set to exactly it (MAX_UPLOAD_BYTES, the default 25 MiB). */
const LARGE_BYTES = 25 * MiB;
const LARGE_UPLOADS = 3;
const SAMPLE_MS = 20;
const TARGET_GROWTH = 50 * MiB;
const PHOTO = { width: 4000, height: 3000 };
const TIMED_PHOTOS = 5;
const CONCURRENT_PHOTOS = 10;
const TARGET_RENDER_MS = 1000;
const CHAT_USERS = 50;
const RATE = 500;
const TARGET_EXTRA_P99_MS = 10;
const PLAN: LoadPlan = { shape: { mode: 'paced', rate: RATE }, warmupMs: 2000, measureMs: 5000, drainMs: 15_000 };

interface LargeUpload {
  ms: number;
  rss: number;
  js: number;
  samples: number;
}

interface WithImages {
  chat: Measured;
  /** From the window opening (when the uploads start) to the last upload's answer. */
  spanMs: number;
  windowMs: number;
  results: UploadResult[];
}

const problemsOf = (what: string, results: UploadResult[]) => results.filter((r) => r.problem).map((r) => `${what}: ${r.problem}`);

async function largeUploads(
  uploader: LoadGenerator,
  dir: string,
  spec: (file: string, contentType: string) => UploadSpec,
  problems: string[],
): Promise<LargeUpload[]> {
  const runs: LargeUpload[] = [];
  for (let i = 0; i < LARGE_UPLOADS; i++) {
    const file = randomPdf(dir, `large-${i}.pdf`, LARGE_BYTES);
    const { result, rss, js, samples } = await peakGrowth(() => uploader.upload([spec(file, 'application/pdf')]), SAMPLE_MS);
    fs.rmSync(file);
    problems.push(...problemsOf('25 MiB upload', result));
    runs.push({ ms: result[0]!.ms, rss, js, samples });
  }
  return runs;
}

/** One photo at a time: upload to answer (rendering included), then the pipeline alone on the same files. */
async function timedPhotos(uploader: LoadGenerator, photos: string[], spec: (file: string, contentType: string) => UploadSpec, problems: string[]) {
  const uploads: UploadResult[] = [];
  for (const photo of photos) uploads.push(...(await uploader.upload([spec(photo, 'image/jpeg')])));
  problems.push(...problemsOf('photo upload', uploads));
  const missing = uploads.filter((u) => u.attachment && !(u.attachment.hasDisplay && u.attachment.hasThumbnail)).length;
  if (missing > 0) problems.push(`${missing} photo uploads came back without a display version or thumbnail`);
  const pipeline: number[] = [];
  let rendered: ProcessedImage | undefined;
  for (const photo of photos) {
    const started = performance.now();
    rendered = await processImage(photo, 'image/jpeg');
    pipeline.push(performance.now() - started);
  }
  return { upload: summarize(uploads.map((u) => u.ms)), pipeline: summarize(pipeline), rendered: rendered! };
}

/** The chat load again, with the photos all uploaded at once as its measurement window opens. */
async function chatWithImages(
  chat: LoadGenerator,
  uploader: LoadGenerator,
  clients: Parameters<typeof measureLoad>[1],
  specs: UploadSpec[],
): Promise<WithImages> {
  let opened = 0;
  let windowMs = 0;
  let uploads: Promise<{ results: UploadResult[]; spanMs: number }> | undefined;
  const measured = await measureLoad(chat, clients, PLAN, (phase) => {
    if (phase === 'measure-end') {
      windowMs = performance.now() - opened;
      return;
    }
    opened = performance.now();
    uploads = uploader.upload(specs).then((results) => ({ results, spanMs: performance.now() - opened }));
  });
  const { results, spanMs } = await uploads!;
  return { chat: measured, spanMs, windowMs, results };
}

const worst = <K extends keyof LargeUpload>(runs: LargeUpload[], key: K) => Math.max(...runs.map((r) => r[key]));

function targets(large: LargeUpload[], photoUpload: ReturnType<typeof summarize>, baseline: Measured, loaded: Measured): TargetCheck[] {
  const growth = Math.max(worst(large, 'rss'), worst(large, 'js'));
  const extra = loaded.load.latency.p99 - baseline.load.latency.p99;
  return [
    {
      goal: `a 25 MiB upload grows server memory (RSS and heapUsed + external) by < ${formatMiB(TARGET_GROWTH)}`,
      measured: `RSS +${formatMiB(worst(large, 'rss'))}, heap + external +${formatMiB(worst(large, 'js'))} (worst of ${LARGE_UPLOADS})`,
      met: growth < TARGET_GROWTH,
      shortfall: `${formatMiB(growth - TARGET_GROWTH)} over`,
    },
    {
      goal: `a 12 MP JPEG has its display version and thumbnail within ${TARGET_RENDER_MS / 1000} s (upload to answer, max)`,
      measured: `p50 ${formatMs(photoUpload.p50)}, max ${formatMs(photoUpload.max)}`,
      met: photoUpload.max <= TARGET_RENDER_MS,
      shortfall: `${(photoUpload.max / TARGET_RENDER_MS).toFixed(1)}× the target`,
    },
    {
      goal: `send-to-deliver p99 with ${CONCURRENT_PHOTOS} photos being rendered ≤ p99 without + ${TARGET_EXTRA_P99_MS} ms`,
      measured: `${formatMs(loaded.load.latency.p99)} vs ${formatMs(baseline.load.latency.p99)} (+${formatMs(extra)})`,
      met: Number.isFinite(extra) && extra <= TARGET_EXTRA_P99_MS,
      shortfall: `${formatMs(extra - TARGET_EXTRA_P99_MS)} over`,
    },
  ];
}

/** Large uploads stream to disk, photos are rendered fast, and rendering them does not hold up chat messages. */
export async function fileTransfer(): Promise<ScenarioReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-files-'));
  const sb = await startSwitchboard({ MAX_UPLOAD_BYTES: String(LARGE_BYTES) });
  const chat = LoadGenerator.start();
  const uploader = LoadGenerator.start();
  try {
    // The last pair's direct chat takes the files. Each chat run has users of its own: a client's clientIds
    // start again at 1 on a new connection, and the server answers a repeated clientId without delivering it again.
    const users = await seedUsers(sb, 2 * CHAT_USERS + 2);
    const chats = await seedDirectChats(sb, users);
    const filesChat = chats.at(-1)!;
    const owner: SeededUser = users.find((u) => u.id === filesChat.members[0])!;
    const spec = (file: string, contentType: string): UploadSpec => ({
      httpUrl: sb.httpUrl,
      token: owner.token,
      conversationId: filesChat.id,
      file,
      name: path.basename(file),
      contentType,
    });
    const problems: string[] = [];

    const large = await largeUploads(uploader, dir, spec, problems);
    const photos = await distinctPhotos(dir, TIMED_PHOTOS + CONCURRENT_PHOTOS, PHOTO.width, PHOTO.height);
    const photoSize = fs.statSync(photos[0]!).size;
    const timed = await timedPhotos(uploader, photos.slice(0, TIMED_PHOTOS), spec, problems);

    const clients = (run: number) =>
      clientsOf(users.slice(run * CHAT_USERS, (run + 1) * CHAT_USERS), chats.slice((run * CHAT_USERS) / 2, ((run + 1) * CHAT_USERS) / 2), (u) => ({
        url: sb.wsUrl,
        token: u.token,
      }));
    const baseline = await measureLoad(chat, clients(0), PLAN);
    const loaded = await chatWithImages(
      chat,
      uploader,
      clients(1),
      photos.slice(TIMED_PHOTOS).map((p) => spec(p, 'image/jpeg')),
    );
    problems.push(...problemsOf('concurrent photo upload', loaded.results));

    const latencyRows = (label: string, m: Measured): string[][] => [
      [`send-to-deliver p50 / p99 / max, ${label}`, [m.load.latency.p50, m.load.latency.p99, m.load.latency.max].map(formatMs).join(' / ')],
      [`server process CPU, ${label}`, formatPct(m.serverCpu)],
    ];
    return {
      name: 'files',
      title: 'File uploads and image rendering',
      setup:
        `The server runs with MAX_UPLOAD_BYTES=${LARGE_BYTES} (25 MiB, the default, set explicitly: the large file is exactly the limit). ` +
        `Files are uploaded over loopback from a second load-generator process, streamed from disk as multipart/form-data, into a direct chat, ` +
        `then each is sent in a message with an empty body. (1) ${LARGE_UPLOADS} uploads of 25 MiB (a PDF header, then random bytes), one at a time, ` +
        `the server process's memory read every ${SAMPLE_MS} ms and compared with its settled memory just before (collected with global.gc()). ` +
        `(2) ${TIMED_PHOTOS} distinct ${PHOTO.width}×${PHOTO.height} JPEGs (${formatMiB(photoSize)}) uploaded one at a time, then the pipeline alone ` +
        `(\`processImage\`) on the same files in the server process. (3) ${CHAT_USERS} WebSocket clients in ${CHAT_USERS / 2} direct chats send ` +
        `${RATE} msg/s in total, paced; ${PLAN.warmupMs / 1000} s warm-up, ${PLAN.measureMs / 1000} s measured, once alone and once with ` +
        `${CONCURRENT_PHOTOS} more distinct photos uploaded all at once as the window opens.`,
      columns: ['', 'measured'],
      rows: [
        [`25 MiB upload, request to answer (worst of ${LARGE_UPLOADS})`, formatMs(worst(large, 'ms'))],
        ['server RSS growth during the upload (peak sample, worst)', `+${formatMiB(worst(large, 'rss'))}`],
        ['server heapUsed + external growth during the upload (peak, worst)', `+${formatMiB(worst(large, 'js'))}`],
        [`12 MP JPEG upload to answer, rendering included: p50 / max (n=${TIMED_PHOTOS})`, `${formatMs(timed.upload.p50)} / ${formatMs(timed.upload.max)}`],
        [`rendering pipeline alone (processImage): p50 / max (n=${TIMED_PHOTOS})`, `${formatMs(timed.pipeline.p50)} / ${formatMs(timed.pipeline.max)}`],
        [
          'display version / thumbnail of one photo (WebP)',
          `${formatKiB(timed.rendered.display.data.length)} / ${formatKiB(timed.rendered.thumb.data.length)}`,
        ],
        ...latencyRows('no image work', baseline),
        ...latencyRows(`${CONCURRENT_PHOTOS} photos uploaded at once`, loaded.chat),
        [`${CONCURRENT_PHOTOS} concurrent photo uploads: all answered after`, `${formatMs(loaded.spanMs)} (window ${formatMs(loaded.windowMs)})`],
        [
          `${CONCURRENT_PHOTOS} concurrent photo uploads: request to answer p50 / max`,
          (({ p50, max }) => `${formatMs(p50)} / ${formatMs(max)}`)(summarize(loaded.results.map((r) => r.ms))),
        ],
      ],
      targets: targets(large, timed.upload, baseline, loaded.chat),
      notes: [
        ...problems.map((p) => `PROBLEM: ${p}`),
        deliverySummary('no image work', baseline.load),
        deliverySummary('with photos', loaded.chat.load),
        `Rendering happens inside the upload request (FilesService.receive awaits processImage before answering), so upload to answer includes it; ` +
          `the server renders at most (cores − 1) images at once, here ${Math.max(1, os.availableParallelism() - 1)} on ${os.availableParallelism()} cores, and queues the rest.`,
        `The memory samples come from a ${SAMPLE_MS} ms timer on the server's own event loop (${Math.min(...large.map((r) => r.samples))}–${Math.max(...large.map((r) => r.samples))} per upload); ` +
          'garbage is not collected during the upload, so heap growth includes garbage not yet collected.',
        "The photos are the server's test sample (blurred noise, JPEG quality 92, EXIF with a GPS position), each given different bytes by a JPEG comment: " +
          'the server reuses the renditions of bytes it has rendered before.',
      ],
    };
  } finally {
    chat.stop();
    uploader.stop();
    await sb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
