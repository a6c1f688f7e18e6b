import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createWidget, TestVisitor } from '../testing/customer-chat.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import { redactSecrets } from './logging.js';

describe('request logs', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('never carry a visitor token from a URL, on the socket or on files', async () => {
    const log = new PassThrough();
    let lines = '';
    log.on('data', (chunk: Buffer) => (lines += chunk.toString()));
    h = await startHarness('sqlite', { logStream: log, env: { LOG_LEVEL: 'debug' } });
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const widget = await createWidget(h, admin, { type: 'extension', userId: admin.id });
    const jane = await TestVisitor.start(h, widget.key);

    // As widgets loaded before the token moved into a subprotocol still connect.
    const socket = await TestSocket.connectUrl(`${h.url.replace('http', 'ws')}/ws/visitor?token=${jane.token}`);
    await socket.close();
    await h.app.inject({ method: 'GET', url: `/api/visitor/files/999/thumbnail?token=${jane.token}` });
    await h.app.inject({ method: 'GET', url: `/no/such/route?a=1&token=${jane.token}` });

    // The upgrade itself is not a logged response (the socket takes over); the warning lines that quote URLs are masked.
    expect(lines).toContain('/api/visitor/files/999/thumbnail?token=[redacted]');
    expect(lines).not.toContain(jane.token);
  });
});

describe('the log at info', () => {
  let h: Harness;
  afterEach(() => h.close());

  const capture = () => {
    const log = new PassThrough();
    const lines: string[] = [];
    log.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    return { log, lines };
  };

  it('holds no line for an ordinary request, so a small installation can read it', async () => {
    const { log, lines } = capture();
    h = await startHarness('sqlite', { logStream: log });
    for (let i = 0; i < 5; i++) expect((await h.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.filter((line) => line.includes('/health'))).toEqual([]);
  });

  it('holds a line for a slow request, with its URL, status and time', async () => {
    const { log, lines } = capture();
    h = await startHarness('sqlite', { logStream: log, env: { LOG_SLOW_REQUEST_MS: '0' } });
    await h.app.inject({ method: 'GET', url: '/health' });
    await new Promise((resolve) => setImmediate(resolve));
    const slow = lines.map((line) => JSON.parse(line) as { msg: string; level: number; req?: { url: string }; res?: { statusCode: number } });
    expect(slow).toContainEqual(
      expect.objectContaining({ msg: 'slow request', level: 30, req: expect.objectContaining({ url: '/health' }), res: { statusCode: 200 } }),
    );
  });
});

describe('redactSecrets', () => {
  it('masks every credential-like query value and leaves the rest', () => {
    expect(redactSecrets('/x?lastSeq=4&token=abc&ticket=t1&access_token=z#f')).toBe(
      '/x?lastSeq=4&token=[redacted]&ticket=[redacted]&access_token=[redacted]#f',
    );
    expect(redactSecrets('/api/widget/key/config?tokens=1')).toBe('/api/widget/key/config?tokens=1');
  });
});
