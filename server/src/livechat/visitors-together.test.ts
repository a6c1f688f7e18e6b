import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestVisitor, ringAllDesk, type RingAllDesk } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { livechatStorage } from './storage.js';

/**
 * Visitors' requests that arrive together are checked with one read (db/turn-batch.ts): who each visitor is,
 * whether their address is blocked, whether their widget still has its queue. Each must be answered exactly as
 * if it had come alone.
 */
describe.each(dialects)('visitors checked together on %s', (dialect) => {
  let h: Harness;
  let desk: RingAllDesk;

  beforeEach(async () => {
    h = await startHarness(dialect);
    desk = await ringAllDesk(h);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await desk.close();
  });

  const chatOf = (token: string, ip: string) =>
    h.app.inject({ method: 'GET', url: '/api/visitor/chat', headers: { authorization: `Visitor ${token}` }, remoteAddress: ip });
  const block = (ip: string) =>
    h.storage.db.insertInto('ip_blocks').values({ ip, customer_name: 'Spammer', created_at: Date.now(), created_by: null }).execute();

  it('answers each visitor as if alone: known, blocked then, blocked now, unknown token', async () => {
    const welcome = await TestVisitor.start(h, desk.widget.key, 'Welcome', '198.51.100.10');
    const blockedThen = await TestVisitor.start(h, desk.widget.key, 'Blocked then', '198.51.100.11');
    const movedToBlocked = await TestVisitor.start(h, desk.widget.key, 'Moved', '198.51.100.12');
    await welcome.write('Hello, I came first');
    await block('198.51.100.11');
    await block('203.0.113.66');
    const reads = vi.spyOn(livechatStorage, 'visitorSessions');

    const answers = await Promise.all([
      chatOf(welcome.token, welcome.ip),
      chatOf(blockedThen.token, '192.0.2.200'), // a new address, but the one it came from is blocked
      chatOf(movedToBlocked.token, '203.0.113.66'), // came from a clean address, asks from a blocked one
      chatOf('not-a-token', welcome.ip),
      chatOf(welcome.token, welcome.ip), // the same visitor twice in one turn
    ]);

    expect(answers.map((a) => a.statusCode)).toEqual([200, 403, 403, 401, 200]);
    expect(answers[0]!.json().messages.map((m: { body: string }) => m.body)).toEqual(['Hello, I came first']);
    expect(answers[1]!.json().error.code).toBe('BLOCKED');
    expect(answers[2]!.json().error.code).toBe('BLOCKED');
    expect(answers[3]!.json().error.code).toBe('UNAUTHENTICATED');
    expect(answers[4]!.json()).toEqual(answers[0]!.json());
    expect(reads, 'one read for the five requests').toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]![1].size, 'the same visitor and address asked once').toBe(4);
  });

  it('still answers a visitor alone, and tells a widget whose queue was removed', async () => {
    const visitor = await TestVisitor.start(h, desk.widget.key, 'Alone', '198.51.100.20');
    expect((await chatOf(visitor.token, visitor.ip)).statusCode).toBe(200);
    await h.storage.db.deleteFrom('queue_agents').execute();
    await h.storage.db.deleteFrom('queues').execute();
    const refused = await visitor.send('is anyone there?');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('WIDGET_UNAVAILABLE');
  });
});
