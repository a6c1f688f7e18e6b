import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { toErrorBody } from './error-handler.js';
import { ErrorCodes } from './errors.js';

/** Sends raw bytes and collects what comes back until the server closes the connection. */
function rawExchange(port: number, send: (socket: net.Socket) => void): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => send(socket));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    setTimeout(() => reject(new Error(`still open after 15 s: ${text}`)), 15_000).unref();
  });
}

/** Writes `head`, then `drip` every 100 ms (never idle, never done) until the server closes the connection. */
async function trickle(port: number, head: string, drip: string): Promise<{ text: string; ms: number }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await rawExchange(port, (socket) => {
      socket.write(head);
      timer = setInterval(() => socket.writable && socket.write(drip), 100);
    });
  } finally {
    clearInterval(timer);
  }
}

const SLOW_BODY = 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';

const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as unknown;

describe('framework-level errors answer in our shape', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('answers 414, 404, 415, 413 and 400 bad JSON with a catalogue code', async () => {
    h = await startHarness('sqlite', { env: { BODY_LIMIT_BYTES: '1000' } });
    const anna = await h.user('Anna');
    const cases = [
      { status: 414, code: 'URI_TOO_LONG', request: { method: 'GET', url: `/api/widget/${'k'.repeat(101)}/config` } },
      { status: 404, code: 'NOT_FOUND', request: { method: 'GET', url: '/api/nothing', headers: anna.auth } },
      {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        request: { method: 'POST', url: '/api/contacts', headers: { ...anna.auth, 'content-type': 'application/x-foo' }, payload: 'x' },
      },
      {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        request: {
          method: 'POST',
          url: '/api/contacts',
          headers: { ...anna.auth, 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'x'.repeat(2000) }),
        },
      },
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        request: { method: 'POST', url: '/api/contacts', headers: { ...anna.auth, 'content-type': 'application/json' }, payload: '{"name":' },
      },
    ] as const;
    for (const { status, code, request } of cases) {
      const response = await h.app.inject(request as never);
      expect([request.url.slice(0, 40), response.statusCode, response.json()]).toEqual([
        request.url.slice(0, 40),
        status,
        { error: { code, message: expect.any(String) } },
      ]);
      expect(ErrorCodes[code]).toBe(status);
    }
  });

  it('answers a malformed URL with 400 and any plugin client error with the catalogue code for its status', async () => {
    h = await startHarness('sqlite');
    const bad = await h.app.inject({ method: 'GET', url: '/api/widget/%E0%A4%A/config' });
    expect([bad.statusCode, bad.json()]).toEqual([400, { error: { code: 'VALIDATION_FAILED', message: expect.any(String) } }]);
    const plugin = Object.assign(new Error('too many files'), { statusCode: 413, code: 'FST_FILES_LIMIT' });
    expect(toErrorBody(plugin)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'too many files' });
    const odd = Object.assign(new Error('not acceptable'), { statusCode: 406, code: 'FST_SOMETHING' });
    expect(toErrorBody(odd)).toEqual({ status: 400, code: 'VALIDATION_FAILED', message: 'not acceptable' });
  });

  it('answers 431 for oversized headers in our shape', async () => {
    h = await startHarness('sqlite');
    const port = Number(new URL(await h.listen()).port);
    const { text } = await rawExchange(port, (socket) => socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(text)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) } });
  });
});

describe('slow requests', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('closes a connection that trickles its body, with 408 in our shape, within the request timeout', async () => {
    h = await startHarness('sqlite', { env: { REQUEST_TIMEOUT_MS: '1500' } });
    const port = Number(new URL(await h.listen()).port);
    const { text, ms } = await trickle(port, SLOW_BODY, ' ');
    expect(ms).toBeLessThan(1500 + 1000);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(text)).toEqual({ error: { code: 'REQUEST_TIMEOUT', message: expect.any(String) } });
  });

  it('refuses a JSON body still trickling in after the body deadline, long before the request timeout', async () => {
    h = await startHarness('sqlite', { env: { BODY_TIMEOUT_MS: '800' } });
    const port = Number(new URL(await h.listen()).port);
    const { text, ms } = await trickle(port, SLOW_BODY, ' ');
    expect(ms).toBeLessThan(800 + 1000);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(text)).toEqual({ error: { code: 'REQUEST_TIMEOUT', message: expect.any(String) } });
  });

  it('forgets the body deadline of a request refused before its body ended (413): nothing fires later', async () => {
    h = await startHarness('sqlite', { env: { BODY_TIMEOUT_MS: '300', BODY_LIMIT_BYTES: '1000' } });
    const unhandled: unknown[] = [];
    const record = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', record);
    try {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"pad":"${'x'.repeat(200_000)}"}`,
      });
      expect(response.statusCode).toBe(413);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('closes a connection that trickles its headers within the headers timeout', async () => {
    h = await startHarness('sqlite', { env: { REQUEST_TIMEOUT_MS: '1500' } });
    const port = Number(new URL(await h.listen()).port);
    const { ms } = await trickle(port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 'X-A: b\r\n');
    expect(ms).toBeLessThan(1500 + 1000);
  });

  it('keeps the default timeouts long enough for a 25 MB upload on a slow link', async () => {
    h = await startHarness('sqlite');
    const server = h.app.server;
    // 25 MB in the request timeout is ~350 kbit/s.
    expect((25 * 1024 * 1024 * 8) / (server.requestTimeout / 1000)).toBeLessThan(400_000);
    expect(server.headersTimeout).toBeLessThanOrEqual(20_000);
    expect(server.keepAliveTimeout).toBe(30_000);
    expect(server.timeout).toBe(60_000);
  });
});

describe('idle timeout and sockets', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('closes an idle HTTP connection but leaves a quiet WebSocket open', async () => {
    h = await startHarness('sqlite', { env: { IDLE_TIMEOUT_MS: '800' } });
    const anna = await h.user('Anna');
    const port = Number(new URL(await h.listen()).port);
    const idle = await rawExchange(port, () => undefined);
    expect(idle.ms).toBeLessThan(800 + 1000);
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { authorization: `Bearer ${anna.token}`, origin: h.config.publicUrl } });
    await new Promise((resolve, reject) => socket.on('open', resolve).on('error', reject));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });
});
