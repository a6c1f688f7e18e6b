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
    h = await startHarness('sqlite', { logStream: log });
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const widget = await createWidget(h, admin, { type: 'extension', userId: admin.id });
    const jane = await TestVisitor.start(h, widget.key);

    // As widgets loaded before the token moved into a subprotocol still connect.
    const socket = await TestSocket.connectUrl(`${h.url.replace('http', 'ws')}/ws/visitor?token=${jane.token}`);
    await socket.close();
    await h.app.inject({ method: 'GET', url: `/api/visitor/files/999/thumbnail?token=${jane.token}` });
    await h.app.inject({ method: 'GET', url: `/no/such/route?a=1&token=${jane.token}` });

    expect(lines).toContain('/ws/visitor?token=[redacted]');
    expect(lines).toContain('/api/visitor/files/999/thumbnail?token=[redacted]');
    expect(lines).not.toContain(jane.token);
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
