import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { ADMITTED } from './connection-admission.js';
import { LISTENERS } from './listen.js';

/** A connection that sends half a request and waits, as a slow client does; resolves once connected. */
function holdConnection(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** Whether the server closes a fresh connection at once, or answers a request on it. */
function fate(url: string): Promise<'closed' | number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(Number(port), hostname, () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data ? Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]) : 'closed'));
  });
}

describe('connections per client address', () => {
  let h: Harness;
  const held: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of held.splice(0)) socket.destroy();
    await h.close();
  });

  it('refuses connections over the cap at accept when none may wait, and takes new ones once others close', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3', WAITING_CONNECTIONS_PER_IP: '0' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    expect(await fate(url)).toBe('closed');
    held.pop()!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await fate(url)).toBe(200);
  });

  it('lets a connection over the cap wait, unread, and serves it once a place frees', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3', WAITING_CONNECTIONS_PER_IP: '2' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    let setUp = 0;
    h.app.server.on(ADMITTED, () => setUp++);
    const waiting = [fate(url), fate(url)];
    const answered: unknown[] = [];
    for (const w of waiting) void w.then((f) => answered.push(f));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toEqual([]);
    expect(setUp).toBe(0);
    held.pop()!.destroy();
    expect(await waiting[0]).toBe(200);
    // The first one's own connection closed after its answer, which made room for the second.
    expect(await waiting[1]).toBe(200);
  });

  it('closes a waiting connection unanswered after CONNECTION_WAIT_MS', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3', WAITING_CONNECTIONS_PER_IP: '2', CONNECTION_WAIT_MS: '400' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    const started = performance.now();
    expect(await fate(url)).toBe('closed');
    expect(performance.now() - started).toBeGreaterThan(350);
    // Its place among the waiting is free again: the next one waits too, and is served when a place frees.
    const next = fate(url);
    await new Promise((resolve) => setTimeout(resolve, 100));
    held.pop()!.destroy();
    expect(await next).toBe(200);
  });

  it('leaves counting to the proxy when one is trusted', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3', TRUST_PROXY: '1' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    expect(await fate(url)).toBe(200);
  });

  it('refuses connections over the cap and its waiting places before any socket is made of them, on every listening socket', async () => {
    h = await startHarness('sqlite', { env: { MAX_CONNECTIONS_PER_IP: '3', WAITING_CONNECTIONS_PER_IP: '2' } });
    const url = await h.listen();
    for (let i = 0; i < 3; i++) held.push(await holdConnection(url));
    for (let i = 0; i < 2; i++) held.push(await holdConnection(url));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let setUp = 0;
    let sockets = 0;
    h.app.server.on(ADMITTED, () => setUp++);
    h.app.server.on('connection', () => sockets++);
    const refused = await Promise.all(Array.from({ length: 40 }, () => fate(url)));
    expect(refused).toEqual(Array(40).fill('closed'));
    if (process.platform === 'linux') expect(LISTENERS).toBeGreaterThan(1);
    expect(setUp).toBe(0);
    // Refused by the listening sockets' block list: Node made no socket of them (the extra sockets hand
    // theirs to the HTTP server's 'connection' too, so every admitted connection would be counted here).
    expect(sockets).toBe(0);
  });
});

/** Sends a whole request on a new connection at once; resolves with its status and when it was answered. */
function timedRequest(url: string, started: number): Promise<{ status: number; afterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(Number(port), hostname, () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]), afterMs: performance.now() - started }));
  });
}

describe('new connections per client address', () => {
  let h: Harness;
  afterEach(async () => await h.close());

  it('sets up a burst at once and the rest at the paced rate, answering every one', async () => {
    h = await startHarness('sqlite', { env: { NEW_CONNECTIONS_PER_SECOND_PER_IP: '20', NEW_CONNECTION_BURST_PER_IP: '3' } });
    const url = await h.listen();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => timedRequest(url, started)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const times = answers.map((a) => a.afterMs).sort((a, b) => a - b);
    // Three at once, then one every 50 ms: the last of the five paced ones ~250 ms after the burst. Measured from
    // the burst's first answer, not from the start: a busy machine (CI) may hold the whole burst back a while.
    expect(times[2]! - times[0]!).toBeLessThan(100);
    expect(times[7]! - times[2]!).toBeGreaterThan(150);
    expect(times[7]).toBeLessThan(2000);
  });

  it("does not pace behind a trusted proxy, where every connection is the proxy's", async () => {
    h = await startHarness('sqlite', { env: { NEW_CONNECTIONS_PER_SECOND_PER_IP: '1', NEW_CONNECTION_BURST_PER_IP: '1', TRUST_PROXY: '1' } });
    const url = await h.listen();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 4 }, () => timedRequest(url, started)));
    expect(answers.map((a) => a.status)).toEqual(Array(4).fill(200));
    // Paced at one a second, the last would come after ~3 s.
    expect(Math.max(...answers.map((a) => a.afterMs))).toBeLessThan(1500);
  });
});
