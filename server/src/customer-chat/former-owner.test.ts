import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, reply, TestVisitor } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import type { TestSocket } from '../testing/ws-client.js';

/**
 * After Dealt with, the chat is no longer the agent's: when it comes back and a colleague takes it,
 * the former owner keeps their history but no power over the colleague's chat.
 */
describe.each(dialects)('a former owner of a customer chat on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  let queue: { id: number };
  let visitor: TestVisitor;
  let conversationId: number;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    h = await startHarness(dialect);
    await h.listen();
    const admin = await h.user('Root', 'admin');
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara');
    queue = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id] });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    sockets.push(await agentOnline(h, anna, [queue.id]), await agentOnline(h, ben, [queue.id]));
    visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Hello, I need help');
    conversationId = (await recents(h, anna))[0]!.id;
    expect((await act(h, anna, conversationId, 'take')).statusCode).toBe(200);
    await reply(h, anna, conversationId, 'Anna here, done?');
    expect((await act(h, anna, conversationId, 'dealt-with')).statusCode).toBe(200);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  /** The visitor writes again while Anna is logged out of the queue: the chat is offered to Ben only. */
  async function comesBackToBen(): Promise<void> {
    await h.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: anna.auth, payload: { loggedIn: false } });
    await visitor.write('Back again');
    expect((await recents(h, ben)).find((c) => c.id === conversationId)).toMatchObject({ state: 'queued', myRole: 'offered' });
  }

  const remove = (user: TestUser) => h.app.inject({ method: 'DELETE', url: `/api/conversations/${conversationId}`, headers: user.auth });

  it('may not take the chat back while it waits in the queue without being offered to them', async () => {
    await comesBackToBen();
    expect((await act(h, anna, conversationId, 'take')).statusCode).toBe(403);
    expect((await act(h, anna, conversationId, 'transfer', { to: { type: 'user', userId: ben.id } })).statusCode).toBe(403);
    expect((await act(h, ben, conversationId, 'take')).statusCode).toBe(200);
  });

  it('may not transfer, take, close or delete it once a colleague owns it; the colleague keeps the history', async () => {
    await comesBackToBen();
    expect((await act(h, ben, conversationId, 'take')).statusCode).toBe(200);
    await reply(h, ben, conversationId, 'Ben here');

    expect((await act(h, anna, conversationId, 'transfer', { to: { type: 'user', userId: clara.id } })).statusCode).toBe(403);
    expect((await act(h, anna, conversationId, 'transfer', { to: { type: 'queue', queueId: queue.id } })).statusCode).toBe(403);
    expect((await act(h, anna, conversationId, 'take')).statusCode).toBe(409);
    expect((await act(h, anna, conversationId, 'dealt-with')).statusCode).toBe(403);
    expect((await remove(anna)).statusCode).toBe(403);
    expect((await reply(h, anna, conversationId, 'still mine?')).statusCode).toBe(403);

    expect((await recents(h, ben)).find((c) => c.id === conversationId)).toMatchObject({ state: 'owned', myRole: 'owner', owner: { id: ben.id } });
    const bodies = (await visitor.chat()).messages.filter((m) => m.author !== 'system').map((m) => m.body);
    expect(bodies).toEqual(['Hello, I need help', 'Anna here, done?', 'Back again', 'Ben here']);
    // Her own part of the story stays readable in her archive.
    expect((await h.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}/messages`, headers: anna.auth })).statusCode).toBe(200);
  });

  it('cannot transfer away a chat a colleague took while the transfer was on its way', async () => {
    await visitor.write('Back again');
    expect((await recents(h, anna)).find((c) => c.id === conversationId)).toMatchObject({ state: 'queued', myRole: 'offered' });
    const [taken, transferred] = await Promise.all([
      act(h, ben, conversationId, 'take'),
      act(h, anna, conversationId, 'transfer', { to: { type: 'user', userId: clara.id } }),
    ]);
    expect([taken.statusCode, transferred.statusCode].filter((code) => code === 200)).toHaveLength(1);
    const owner = taken.statusCode === 200 ? ben : clara;
    expect((await recents(h, owner)).find((c) => c.id === conversationId)).toMatchObject({ myRole: 'owner', owner: { id: owner.id } });
  });

  it('may still take or delete the chat from the archive while nobody else has taken it up', async () => {
    expect((await remove(ben)).statusCode).toBe(403);
    expect((await act(h, ben, conversationId, 'take')).statusCode).toBe(403);
    expect((await act(h, anna, conversationId, 'take')).statusCode).toBe(200);
    expect((await act(h, anna, conversationId, 'dealt-with')).statusCode).toBe(200);
    expect((await remove(anna)).statusCode).toBe(200);
    expect((await visitor.chat()).messages).toEqual([]);
  });
});
