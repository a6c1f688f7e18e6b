import { CloseCodes } from '@switchboard/protocol';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWidget, TestVisitor } from '../testing/customer-chat.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import { FLOOD_REFUSAL_DELAY_MS } from './socket-limits.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and buffers still held after a full collection: what the process keeps, not garbage waiting. */
function retained(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** The largest send buffer any of the server's sockets holds right now. */
function serverBuffered(h: Harness): number {
  let most = 0;
  for (const client of h.app.websocketServer.clients) most = Math.max(most, client.bufferedAmount);
  return most;
}

/** Opens a raw socket that is told to stop reading once it is ready, as a flooding or slow client does. */
async function rawSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

const closeCode = (ws: WebSocket) =>
  ws.readyState === WebSocket.CLOSED ? Promise.resolve(-1) : new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('WebSocket limits', () => {
  let h: Harness;
  const open: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of open.splice(0)) ws.terminate();
    await h.close();
  });

  it('refuses a socket that arrives while the server shuts down, so the shutdown ends', async () => {
    h = await startHarness('sqlite');
    await h.listen();
    const anna = await h.user('Anna');
    // The hub has closed its sockets; a client reconnecting at once after its 1001 must not be kept open.
    const closing = h.services.hub.close();
    const late = new WebSocket(`${h.url.replace('http', 'ws')}/ws`, { headers: anna.auth });
    open.push(late);
    expect(await closeCode(late)).toBe(CloseCodes.GOING_AWAY);
    await closing;
    expect(h.services.hub.all()).toEqual([]);
  });

  async function visitor(env: Record<string, string> = {}): Promise<TestVisitor> {
    h = await startHarness('sqlite', { env: { VISITOR_LIMIT_PER_IP: '1000', ...env } });
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const widget = await createWidget(h, admin, { type: 'extension', userId: admin.id });
    return TestVisitor.start(h, widget.key);
  }

  it('closes a visitor socket that floods frames without reading, and holds little memory for it', async () => {
    const jane = await visitor();
    const ws = await rawSocket(`${h.url.replace('http', 'ws')}/ws/visitor?token=${jane.token}`);
    open.push(ws);
    ws.pause();
    // Listening from the start: the server cuts a flooder that does not read its close frame after a second.
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const before = retained();
    let most = 0;
    let sent = 0;
    // 300 000 tiny frames, as fast as the socket takes them; the client stops once its own buffer holds 1 MB.
    while (sent < 300_000 && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 1_000_000) {
      for (let i = 0; i < 1000; i++) ws.send('{}');
      sent += 1000;
      await tick();
      most = Math.max(most, serverBuffered(h));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const growth = retained() - before;
    console.info(`[flood] ${sent} frames sent; server socket buffer peaked at ${most} B; memory held after gc grew ${(growth / 1e6).toFixed(1)} MB`);
    ws.resume();
    // 4008 when the client read the close frame in time, 1006 when the server had already cut the connection.
    expect([CloseCodes.TOO_MANY_FRAMES, 1006]).toContain(await closed);
    for (let i = 0; i < 40 && h.app.websocketServer.clients.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.app.websocketServer.clients.size).toBe(0);
    expect(most).toBeLessThan(64 * 1024);
    // The client's own 1 MB and noise; without the limit the server kept 12 MB (and growing) for this one socket.
    expect(growth).toBeLessThan(8e6);
  }, 30_000);

  it('stops parsing the frames a flooder had already sent once it is cut off', async () => {
    const jane = await visitor();
    const ws = await rawSocket(`${h.url.replace('http', 'ws')}/ws/visitor?token=${jane.token}`);
    open.push(ws);
    const [server] = h.app.websocketServer.clients;
    let parsed = 0;
    server!.on('message', () => parsed++);
    // One burst: the server reads it in a few chunks of thousands of frames each.
    for (let i = 0; i < 5000; i++) ws.send('{}');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The frames up to the limit and the one that crossed it; without dropping the rest, the server went on
    // parsing one a turn (thousands in these 300 ms) until it cut the connection a second later.
    expect(parsed).toBeGreaterThan(0);
    expect(parsed).toBeLessThan(200);
  });

  it('refuses a visitor cut off for flooding another socket for a while, before looking at the token', async () => {
    const jane = await visitor();
    const url = `${h.url.replace('http', 'ws')}/ws/visitor?token=${jane.token}`;
    const ws = await rawSocket(url);
    open.push(ws);
    const closed = closeCode(ws);
    for (let i = 0; i < 200 && ws.readyState === WebSocket.OPEN; i++) ws.send('{}');
    expect(await closed).toBe(CloseCodes.TOO_MANY_FRAMES);
    const asked = performance.now();
    const again = await new Promise<number | undefined>((resolve) => {
      const retry = new WebSocket(url);
      retry.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      retry.on('open', () => (retry.terminate(), resolve(undefined)));
      retry.on('error', () => undefined);
    });
    expect(again).toBe(429);
    // Answered late: a reconnect loop then costs the server a timer per attempt, not a request every few ms.
    expect(performance.now() - asked).toBeGreaterThanOrEqual(FLOOD_REFUSAL_DELAY_MS - 100);
    const other = await TestVisitor.start(
      h,
      (await h.app.inject({ method: 'GET', url: '/api/admin/widgets', headers: (await h.user('Admin2', 'admin')).auth })).json().widgets[0].key,
    );
    const fine = await rawSocket(`${h.url.replace('http', 'ws')}/ws/visitor?token=${other.token}`);
    open.push(fine);
    expect(fine.readyState).toBe(WebSocket.OPEN);
  });

  it('closes an agent socket that floods pings, which the server would answer with pongs', async () => {
    h = await startHarness('sqlite');
    await h.listen();
    const anna = await h.user('Anna');
    const ws = await rawSocket(`${h.url.replace('http', 'ws')}/ws`, anna.auth);
    open.push(ws);
    const closed = closeCode(ws);
    // It reads the pongs as they come (ws itself drops a ping flooder that does not read, with 1006).
    for (let i = 0; i < 1000 && ws.readyState === WebSocket.OPEN; i++) {
      ws.ping();
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await closed).toBe(CloseCodes.TOO_MANY_FRAMES);
    // Her next socket within the minute is refused before it opens; a colleague's is not.
    const asked = performance.now();
    const again = await new Promise<number | undefined>((resolve) => {
      const retry = new WebSocket(`${h.url.replace('http', 'ws')}/ws`, { headers: anna.auth });
      retry.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      retry.on('open', () => (retry.terminate(), resolve(undefined)));
      retry.on('error', () => undefined);
    });
    expect(again).toBe(429);
    expect(performance.now() - asked).toBeGreaterThanOrEqual(FLOOD_REFUSAL_DELAY_MS - 100);
    const ben = await h.user('Ben');
    const fine = await rawSocket(`${h.url.replace('http', 'ws')}/ws`, ben.auth);
    open.push(fine);
    expect(fine.readyState).toBe(WebSocket.OPEN);
  });

  it('lets a client keep to the frame rate', async () => {
    h = await startHarness('sqlite', { env: { WS_FRAMES_PER_SECOND: '50', WS_FRAME_BURST: '10' } });
    await h.listen();
    const anna = await h.user('Anna');
    const socket = await TestSocket.connect(h.url, anna.token);
    for (let i = 0; i < 30; i++) {
      socket.send({ type: 'ping' });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await socket.next((e) => e.type === 'pong' && socket.events.filter((x) => x.type === 'pong').length === 30);
    expect(socket.closeCode).toBeUndefined();
    await socket.close();
  });

  it('drops a client that stops reading while events keep coming, holding no more than the buffer bound', async () => {
    const bound = 256 * 1024;
    h = await startHarness('sqlite', { env: { WS_MAX_BUFFERED_BYTES: String(bound) } });
    await h.listen();
    const anna = await h.user('Anna');
    const ws = await rawSocket(`${h.url.replace('http', 'ws')}/ws`, anna.auth);
    open.push(ws);
    ws.pause();
    const big = 'x'.repeat(60_000);
    let most = 0;
    // 600 events of 60 kB: 36 MB that a server without the bound would hold for this one socket.
    for (let i = 0; i < 600; i++) {
      h.services.hub.publishTo([anna.id], { type: 'error', code: 'TEST', message: big });
      if (i % 20 === 0) {
        await tick();
        most = Math.max(most, serverBuffered(h));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    most = Math.max(most, serverBuffered(h));
    console.info(`[slow reader] server socket buffer peaked at ${most} bytes (bound ${bound})`);
    const closed = closeCode(ws);
    ws.resume();
    expect(await closed).toBe(CloseCodes.TOO_SLOW);
    expect(most).toBeLessThan(bound + 2 * big.length);
  }, 30_000);

  it('refuses the socket past the cap per user, and takes one again once another closed', async () => {
    h = await startHarness('sqlite', { env: { WS_MAX_SOCKETS_PER_USER: '2' } });
    await h.listen();
    const anna: TestUser = await h.user('Anna');
    const first = await TestSocket.connect(h.url, anna.token);
    const second = await TestSocket.connect(h.url, anna.token);
    const third = await TestSocket.connect(h.url, anna.token);
    expect(await third.closed()).toBe(CloseCodes.TOO_MANY_SOCKETS);
    expect(first.closeCode).toBeUndefined();
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await TestSocket.connect(h.url, anna.token);
    expect(again.events[0]?.type).toBe('ready');
    await Promise.all([second.close(), again.close()]);
  });

  it('refuses the socket past the cap per visitor token', async () => {
    const jane = await visitor({ WS_MAX_SOCKETS_PER_VISITOR: '2' });
    const sockets = [await jane.socket(), await jane.socket()];
    const refused = await jane.socket();
    expect(await refused.closed()).toBe(CloseCodes.TOO_MANY_SOCKETS);
    expect(sockets.map((s) => s.closeCode)).toEqual([undefined, undefined]);
    await Promise.all(sockets.map((s) => s.close()));
  });
});

describe('PenaltyBox', () => {
  it('holds a key for its time, then lets it go, and never keeps more than its bound', async () => {
    const { PenaltyBox } = await import('./socket-limits.js');
    let now = 0;
    const box = new PenaltyBox(1000, 2, () => now);
    box.hold('a');
    expect(box.held('a')).toBe(true);
    expect(box.held('b')).toBe(false);
    now = 1001;
    expect(box.held('a')).toBe(false);
    box.hold('a');
    box.hold('b');
    box.hold('c');
    expect([box.held('a'), box.held('b'), box.held('c')]).toEqual([false, true, true]);
  });
});
