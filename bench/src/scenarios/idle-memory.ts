import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientSpec, ConnectResult } from '../load/messages.js';
import { LoadGenerator } from '../load/remote.js';
import type { ScenarioReport } from '../report.js';
import { formatKiB } from '../stats.js';
import { startRelay } from '../target/relay.js';
import { seedUsers } from '../target/seed.js';
import { ONE_ADDRESS_FOR_ALL, startSwitchboard } from '../target/switchboard.js';
import { js, settledMemory } from './memory.js';

const SOCKETS = 10_000;
const TARGET_KIB = 30;
const CONNECT_CONCURRENCY = 200;
/** Descriptors a process needs besides its sockets (database files, stdio, IPC). */
const SPARE_FDS = 200;

interface Footprint {
  /** Growth per connected socket, in bytes. */
  js: number;
  rss: number;
  /** The load generator's heap+external growth per socket: the client side alone. */
  clientJs: number;
  connect: ConnectResult;
}

function openFileLimit(): number {
  const line = fs
    .readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? Number.NaN);
}

async function footprint(generator: LoadGenerator, clients: ClientSpec[]): Promise<Footprint> {
  const before = await settledMemory();
  const clientBefore = await generator.memory();
  const connect = await generator.connect(clients, CONNECT_CONCURRENCY);
  if (connect.failed > 0) throw new Error(`${connect.failed} of ${clients.length} sockets could not connect: ${connect.firstError}`);
  await sleep(1000);
  const after = await settledMemory();
  const clientAfter = await generator.memory();
  await generator.disconnect();
  return {
    js: (js(after) - js(before)) / SOCKETS,
    rss: (after.rss - before.rss) / SOCKETS,
    clientJs: (js(clientAfter) - js(clientBefore)) / SOCKETS,
    connect,
  };
}

async function switchboardFootprint(generator: LoadGenerator): Promise<Footprint> {
  const sb = await startSwitchboard(ONE_ADDRESS_FOR_ALL);
  try {
    const users = await seedUsers(sb, SOCKETS);
    return await footprint(
      generator,
      users.map((u) => ({ userId: u.id, url: sb.wsUrl, token: u.token })),
    );
  } finally {
    await sb.close();
  }
}

async function relayFootprint(generator: LoadGenerator): Promise<Footprint> {
  const relay = await startRelay(new Map());
  try {
    return await footprint(
      generator,
      Array.from({ length: SOCKETS }, (_, i) => ({ userId: i + 1, url: relay.wsUrl(i + 1) })),
    );
  } finally {
    await relay.close();
  }
}

function target(goal: string, bytes: number) {
  const kib = bytes / 1024;
  const met = kib <= TARGET_KIB;
  return { goal, measured: `${formatKiB(bytes)}/socket`, met, shortfall: met ? undefined : `${(kib - TARGET_KIB).toFixed(1)} KiB over` };
}

/** What an authenticated, idle socket costs the server. */
export async function idleMemory(): Promise<ScenarioReport> {
  const limit = openFileLimit();
  if (limit < SOCKETS + SPARE_FDS) throw new Error(`open-file limit ${limit} is below ${SOCKETS + SPARE_FDS}: raise it with ulimit -n`);
  const generator = LoadGenerator.start();
  let sb: Footprint;
  let relay: Footprint;
  try {
    sb = await switchboardFootprint(generator);
    relay = await relayFootprint(generator);
  } finally {
    generator.stop();
  }
  const gcNote = globalThis.gc ? 'collected with global.gc() before each reading' : 'NOT collected (run without --expose-gc): figures include garbage';
  return {
    name: 'idle-memory',
    title: 'Idle socket memory',
    setup:
      `${SOCKETS.toLocaleString('en-US')} authenticated WebSocket clients connect (${CONNECT_CONCURRENCY} at a time, each waiting for \`ready\`) and stay idle; ` +
      `the server process's memory is read before and after, ${gcNote}, and divided by the socket count.`,
    columns: ['per socket', 'Switchboard', 'bare ws relay'],
    rows: [
      ['server heapUsed + external', formatKiB(sb.js), formatKiB(relay.js)],
      ['server process RSS', formatKiB(sb.rss), formatKiB(relay.rss)],
      ['client side (load generator heap + external)', formatKiB(sb.clientJs), formatKiB(relay.clientJs)],
      [`time to connect all ${SOCKETS.toLocaleString('en-US')}`, `${(sb.connect.ms / 1000).toFixed(1)} s`, `${(relay.connect.ms / 1000).toFixed(1)} s`],
    ],
    targets: [target(`heapUsed + external ≤ ${TARGET_KIB} KiB`, sb.js), target(`RSS ≤ ${TARGET_KIB} KiB`, sb.rss)],
    notes: [
      `The clients live in the load-generator process, not the server's: ${SOCKETS.toLocaleString('en-US')} sockets on each side of one process ` +
        `would exceed this machine's open-file limit (${limit}), and it keeps the client side out of the server figures, so nothing is subtracted. ` +
        'The client side is shown alone on its own line; the relay column is the same measurement on a bare ws server, the runtime floor.',
      'RSS also counts heap the collector has not handed back to the OS, so it is noisier than heapUsed + external.',
    ],
  };
}
