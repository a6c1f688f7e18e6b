import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createQueue, createWidget, TestVisitor } from '../testing/customer-chat.js';
import { startHarness, type Harness } from '../testing/harness.js';

describe('live chat abuse limits', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function widgetKey(env: Record<string, string>) {
    h = await startHarness('sqlite', { env });
    const admin = await h.user('Root', 'admin');
    const agent = await h.user('Anna');
    const queue = await createQueue(h, admin, { agentIds: [agent.id] });
    return (await createWidget(h, admin, { type: 'queue', queueId: queue.id })).key;
  }

  it('limits new visitors per IP, without touching other addresses', async () => {
    const key = await widgetKey({ VISITOR_LIMIT_PER_IP: '2' });
    await TestVisitor.start(h, key, 'One', '192.0.2.10');
    await TestVisitor.start(h, key, 'Two', '192.0.2.10');
    await expect(TestVisitor.start(h, key, 'Three', '192.0.2.10')).rejects.toThrow('429');
    await expect(TestVisitor.start(h, key, 'Elsewhere', '192.0.2.11')).resolves.toBeDefined();
  });

  it('limits messages per IP and refuses oversized ones, storing nothing', async () => {
    const key = await widgetKey({ VISITOR_MESSAGE_LIMIT_PER_IP: '3' });
    const visitor = await TestVisitor.start(h, key);
    const tooLong = await visitor.send('x'.repeat(10_001));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('body.body');
    await visitor.write('one');
    await visitor.write('two');
    const limited = await visitor.send('three');
    expect(limited.statusCode).toBe(429);
    expect((await visitor.chat()).messages.filter((m) => m.author === 'customer').map((m) => m.body)).toEqual(['one', 'two']);
  });

  it('refuses a visitor with a wrong token or an unknown widget', async () => {
    const key = await widgetKey({});
    const forged = await h.app.inject({ method: 'GET', url: '/api/visitor/chat', headers: { authorization: 'Visitor forged' } });
    expect(forged.statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/widget/nope/config' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/widget/${key}/config` })).json()).toMatchObject({ online: false, askName: true });
  });

  it('limits visitor socket connections per IP before looking at the token', async () => {
    await widgetKey({ VISITOR_SOCKET_LIMIT_PER_IP: '2' });
    await h.listen();
    const attempt = () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${h.url.replace('http', 'ws')}/ws/visitor?token=forged`);
        ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
        ws.on('close', (code) => resolve(`closed ${code}`));
        ws.on('error', () => undefined);
      });
    expect(await attempt()).toBe('closed 4001');
    expect(await attempt()).toBe('closed 4001');
    expect(await attempt()).toBe('HTTP 429');
  });
});
