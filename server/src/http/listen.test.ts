import net from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { LISTENERS, listen } from './listen.js';

const HOST = '127.0.0.1';
/** New connections at once: one socket needs at least this many turns to take them in, eight sockets an eighth. */
const BURST = 384;

/** A new connection asking for /health: its HTTP status, or why it got none. */
function healthOn(port: number): Promise<number | 'refused' | 'closed'> {
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(port, HOST, () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED' && resolve('refused'));
    socket.on('close', () => resolve(data ? Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]) : 'closed'));
  });
}

/** Keeps this process's event loop busy for `ms` of every turn, as a loaded server's is, and counts the turns. */
function busyLoop(ms: number) {
  let turns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    const start = performance.now();
    while (performance.now() - start < ms);
    turns++;
    setImmediate(turn);
  };
  turn();
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

/** The bursts come from one address: its pacing and its cap on open connections (connection-admission.ts) are not measured here. */
const UNPACED = { NEW_CONNECTIONS_PER_SECOND_PER_IP: '0', MAX_CONNECTIONS_PER_IP: '0' };

/** A burst of new connections against a busy server: their answers, and how many loop turns it took to give them. */
async function burst(port: number) {
  const loop = busyLoop(2);
  const answers = await Promise.all(Array.from({ length: BURST }, () => healthOn(port)));
  return { answers, turns: loop.stop() };
}

/** A connection that has sent a request's headers and part of its body: its request is in flight until `finish`. */
function requestInFlight(port: number): Promise<{ finish: () => void; status: Promise<number | 'closed'> }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST, () => {
      socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      const status = new Promise<number | 'closed'>((answered) =>
        socket.on('close', () => answered(data ? Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]) : 'closed')),
      );
      resolve({ finish: () => socket.write('}'), status });
    });
  });
}

describe.skipIf(process.platform !== 'linux')('listening on several sockets of one port', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('takes a burst of new connections while busy in a fraction of the turns one socket needs', async () => {
    h = await startHarness('sqlite', { env: UNPACED });
    const { port } = await listen(h.app, { port: 0, host: HOST });
    const wide = await burst(port);
    expect(wide.answers).toEqual(Array(BURST).fill(200));
    // One socket accepts one connection a turn (libuv): a burst this size would take at least BURST turns,
    // eight sockets (the number before) at least BURST / 8.
    expect(wide.turns).toBeLessThan(BURST / 12);
  });

  it('with one socket, a busy server takes one new connection a turn (what the extra sockets are for)', async () => {
    h = await startHarness('sqlite', { env: UNPACED });
    const { port } = await listen(h.app, { port: 0, host: HOST }, 1);
    const narrow = await burst(port);
    expect(narrow.answers).toEqual(Array(BURST).fill(200));
    expect(narrow.turns).toBeGreaterThanOrEqual(BURST);
  });

  it('refuses a port another server already listens on, as a plain listen does', async () => {
    h = await startHarness('sqlite');
    const { port } = await listen(h.app, { port: 0, host: HOST });
    const second = await startHarness('sqlite');
    try {
      await expect(listen(second.app, { port, host: HOST })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await second.close();
    }
    expect(await healthOn(port)).toBe(200);
  });

  it('stops taking connections on every socket when the server closes', async () => {
    h = await startHarness('sqlite');
    const { port } = await listen(h.app, { port: 0, host: HOST });
    expect(LISTENERS).toBeGreaterThan(1);
    await h.close();
    h = undefined;
    // The kernel spreads connections over the sockets by address and port: forty reach every one of eight.
    const answers = await Promise.all(Array.from({ length: 40 }, () => healthOn(port)));
    expect(answers).toEqual(Array(40).fill('refused'));
  });

  it('answers the requests in flight on every socket and closes their connections before the close returns', async () => {
    // Sixteen at once from one address: unpaced, so that all are in flight when the close begins.
    h = await startHarness('sqlite', { env: UNPACED });
    const { port } = await listen(h.app, { port: 0, host: HOST });
    const accepted: net.Socket[] = [];
    h.app.server.on('connection', (socket: net.Socket) => accepted.push(socket));
    // Sixteen connections reach the eight sockets: most of them one of the extra ones.
    const requests = await Promise.all(Array.from({ length: 16 }, () => requestInFlight(port)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = h.close();
    h = undefined;
    // Finished one after another: the last of them ends long after the main socket's own connections.
    for (const [i, request] of requests.entries()) setTimeout(request.finish, 20 * i);
    await closed;
    expect(accepted).toHaveLength(16);
    expect(accepted.filter((socket) => !socket.destroyed)).toEqual([]);
    // Each was answered (the body is no login: 400), none cut off.
    expect(await Promise.all(requests.map((r) => r.status))).toEqual(Array(16).fill(400));
  });

  it('ends the requests still in flight when the shutdown grace runs out, says so, and closes', async () => {
    const log = new LogLines();
    h = await startHarness('sqlite', { env: { ...UNPACED, SHUTDOWN_GRACE_MS: '300', BODY_TIMEOUT_MS: '600000' }, logStream: log });
    const { port } = await listen(h.app, { port: 0, host: HOST });
    // Uploads that never finish: without the grace the close would wait for their body deadline (10 minutes).
    const requests = await Promise.all(Array.from({ length: 16 }, () => requestInFlight(port)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await h.close();
    h = undefined;
    expect(await Promise.all(requests.map((r) => r.status))).toEqual(Array(16).fill('closed'));
    const warning = log.lines.find((line) => line.msg === 'shutdown grace over: ending what is still open');
    const stillOpen = warning?.stillOpen as { extra: number; http: number; sockets: number } | undefined;
    expect(stillOpen && stillOpen.extra + stillOpen.http).toBe(16);
    expect(stillOpen?.sockets).toBe(0);
  });
});

/** A log stream that keeps the JSON lines written to it. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of String(chunk).split('\n')) if (line) this.lines.push(JSON.parse(line));
    done();
  }
}
