import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ScenarioReport } from '../report.js';
import { formatMs, summarize } from '../stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNS = 5;
const TARGET_MS = 1500;
const PORT = 18_000 + Math.floor(Math.random() * 1000);

/** A bare Node HTTP server answering /health: what starting any Node server costs on this machine. */
const BARE = `require('node:http').createServer((q, s) => s.end('ok')).listen(${PORT}, '127.0.0.1')`;

async function untilHealthy(started: number): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return performance.now() - started;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Waits until nothing answers on the port any more (the last server has stopped). */
async function untilFree(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT}/health`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } catch {
      return;
    }
  }
  throw new Error(`port ${PORT} stays busy`);
}

/** Starts the command, times it to the first /health answer, stops it. */
async function timeStart(command: string, args: string[], env: Record<string, string>): Promise<number> {
  await untilFree();
  const started = performance.now();
  // A process group of its own: npm runs the server as a child, and stopping npm alone would leave it running.
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    return await untilHealthy(started);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await untilFree();
  }
}

/**
 * `npm start` on a built tree against an already-created data folder: from the command to the first /health
 * answer, as an operator restarting it sees it; a bare Node HTTP server started the same way is the baseline.
 */
export async function startTime(): Promise<ScenarioReport> {
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-start-'));
  const env = { DATA_DIR: dataDir };
  try {
    await timeStart('npm', ['start'], env); // first start: creates and seeds the database, not measured
    const npmStart: number[] = [];
    const uncached: number[] = [];
    const serverOnly: number[] = [];
    const unbundled: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      npmStart.push(await timeStart('npm', ['start'], env));
      uncached.push(await timeStart('npm', ['start'], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' }));
      serverOnly.push(await timeStart(process.execPath, ['server/bundle/main.js'], env));
      unbundled.push(await timeStart(process.execPath, ['server/dist/main.js'], env));
      bare.push(await timeStart(process.execPath, ['-e', BARE], env));
    }
    const [a, b, c, d, e] = [summarize(npmStart), summarize(uncached), summarize(serverOnly), summarize(unbundled), summarize(bare)];
    return {
      name: 'start',
      title: 'Start',
      setup:
        `${RUNS} starts each, interleaved, on a built tree and a data folder created by a first, unmeasured start: ` +
        "`npm start` (the build check, then the bundled server `node bundle/main.js` through npm), the same with V8's " +
        'compile cache off (as the first start after a build), the bundled server alone, the compiled but unbundled ' +
        'server (`server/dist/main.js`, ~1,000 modules), and a bare Node HTTP server started the same way; from spawning ' +
        'the command to the first answer of /health.',
      columns: ['', 'median', 'max'],
      rows: [
        ['`npm start`', formatMs(a.p50), formatMs(a.max)],
        ['`npm start`, compile cache off', formatMs(b.p50), formatMs(b.max)],
        ['`node server/bundle/main.js`', formatMs(c.p50), formatMs(c.max)],
        ['`node server/dist/main.js` (not bundled)', formatMs(d.p50), formatMs(d.max)],
        ['bare Node HTTP server', formatMs(e.p50), formatMs(e.max)],
      ],
      targets: [
        {
          goal: `\`npm start\` answers /health within ${TARGET_MS / 1000} s (median)`,
          measured: formatMs(a.p50),
          met: a.p50 <= TARGET_MS,
          shortfall: `${formatMs(a.p50 - TARGET_MS)} over`,
        },
      ],
      notes: [],
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
