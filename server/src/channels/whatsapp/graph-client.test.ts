import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient, retryAfterMs } from './graph-client.js';

/** A server that answers whatever the test wants, to see how the client takes odd answers. */
let server: Server;
let base: string;
let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end('{}');

beforeAll(async () => {
  server = createServer((_, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (timeoutMs = 2000) => new GraphClient({ baseUrl: base, version: 'v23.0', accessToken: 't', timeoutMs });

describe('GraphClient', () => {
  it('refuses to build a URL from a version or id that could change the path', () => {
    expect(() => new GraphClient({ baseUrl: base, version: '../v1', accessToken: 't', timeoutMs: 1 })).toThrow(/Graph API version/);
    expect(() => client().url(['..'])).toThrow(/path segment/);
    expect(() => client().url(['123', 'messages?x=1'])).toThrow(/path segment/);
    expect(client().url(['123', 'messages'], { a: 'b c' })).toBe(`${base}/v23.0/123/messages?a=b+c`);
  });

  it('retries after a Retry-After given as an HTTP date', async () => {
    answer = (res) => res.writeHead(503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }).end();
    const result = await client().get(['1']);
    expect(result).toMatchObject({ ok: false, retry: true, code: 'HTTP_503' });
    expect(result.ok === false && result.retryAfterMs).toBeGreaterThan(25_000);
  });

  it('caps Retry-After at an hour and ignores nonsense', () => {
    expect(retryAfterMs('999999')).toBe(3_600_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('retries when Graph does not answer in time', async () => {
    answer = () => {};
    expect(await client(200).get(['1'])).toMatchObject({ ok: false, retry: true, code: 'TIMEOUT' });
  });

  it('does not follow a redirect, which would carry the token elsewhere', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://example.com/' }).end();
    expect(await client().get(['1'])).toMatchObject({ ok: false, retry: false, code: 'HTTP_302' });
  });

  it('fails without retry on a 2xx it cannot read, since the request may have been carried out', async () => {
    answer = (res) => res.writeHead(200).end('<html>');
    expect(await client().postJson(['1', 'messages'], {})).toMatchObject({ ok: false, retry: false, code: 'BAD_RESPONSE' });
    answer = (res) => res.writeHead(200).end(`"${'x'.repeat(2 * 1024 * 1024)}"`);
    expect(await client().get(['1'])).toMatchObject({ ok: false, retry: false, code: 'BAD_RESPONSE', message: expect.stringMatching(/too large/) });
  });
});
