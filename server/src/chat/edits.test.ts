import type { Message, MessageHit, MessagePage } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, reply, TestVisitor } from '../testing/customer-chat.js';
import { FakeClock } from '../testing/clock.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';

describe.each(dialects)('editing and deleting my messages on %s', (dialect) => {
  let h: Harness;
  let clock: FakeClock;
  let anna: TestUser;
  let ben: TestUser;
  let chat: number;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    clock = new FakeClock();
    h = await startHarness(dialect, { clock });
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    chat = (await call(anna, 'POST', '/api/conversations', { kind: 'direct', userId: ben.id })).json().id;
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  function call(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return h.app.inject({ method, url, headers: user.auth, payload });
  }
  const send = async (user: TestUser, body: string) =>
    (await call(user, 'POST', `/api/conversations/${chat}/messages`, { clientId: `c-${Math.random().toString(36).slice(2)}`, body })).json() as Message;
  const history = async (user: TestUser) => ((await call(user, 'GET', `/api/conversations/${chat}/messages`)).json() as MessagePage).messages;
  const search = async (user: TestUser, q: string) =>
    ((await call(user, 'GET', `/api/messages/search?q=${encodeURIComponent(q)}`)).json() as { hits: MessageHit[] }).hits;

  it('lets the author edit: everybody gets the new text with an edited mark, and search finds the new words', async () => {
    const socket = await TestSocket.connect(await h.listen(), ben.token);
    sockets.push(socket);
    const message = await send(anna, 'Meeting at 10');
    clock.advance(5 * 60_000);
    const response = await call(anna, 'PATCH', `/api/messages/${message.id}`, { body: 'Meeting at 11' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ body: 'Meeting at 11', editedAt: clock.now(), deletedAt: null });
    const updated = await socket.next((e) => e.type === 'message.updated');
    expect(updated.type === 'message.updated' && updated.message).toMatchObject({ id: message.id, body: 'Meeting at 11', editedAt: clock.now() });
    expect((await history(ben))[0]).toMatchObject({ body: 'Meeting at 11', editedAt: clock.now() });
    expect((await search(ben, '11')).map((hit) => hit.messageId)).toEqual([message.id]);
    expect(await search(ben, '10')).toEqual([]);
  });

  it('lets the author delete: the text goes for everybody, the place stays marked deleted, search forgets it', async () => {
    const message = await send(anna, 'The wrong password is hunter2');
    const response = await call(anna, 'DELETE', `/api/messages/${message.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect((await history(ben))[0]).toMatchObject({ id: message.id, body: '', deletedAt: clock.now() });
    expect(await search(anna, 'hunter2')).toEqual([]);
    expect((await call(anna, 'PATCH', `/api/messages/${message.id}`, { body: 'again' })).statusCode).toBe(403);
    expect((await call(anna, 'DELETE', `/api/messages/${message.id}`)).statusCode).toBe(403);
  });

  it('refuses a colleague who did not write it, anyone after 15 minutes, and an outsider', async () => {
    const clara = await h.user('Clara');
    const message = await send(anna, 'Mine');
    expect((await call(ben, 'PATCH', `/api/messages/${message.id}`, { body: 'Ben was here' })).statusCode).toBe(403);
    expect((await call(ben, 'DELETE', `/api/messages/${message.id}`)).statusCode).toBe(403);
    expect((await call(clara, 'DELETE', `/api/messages/${message.id}`)).statusCode).toBe(403);
    clock.advance(15 * 60_000 + 1);
    expect((await call(anna, 'PATCH', `/api/messages/${message.id}`, { body: 'Too late' })).statusCode).toBe(403);
    expect((await history(ben))[0]).toMatchObject({ body: 'Mine', editedAt: null, deletedAt: null });
    expect((await call(anna, 'DELETE', '/api/messages/999999')).statusCode).toBe(404);
  });

  it('never unsends a message to a customer', async () => {
    await h.listen();
    const admin = await h.user('Root', 'admin');
    const queue = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [anna.id] });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    sockets.push(await agentOnline(h, anna, [queue.id]));
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Hello');
    const conversationId = (await recents(h, anna)).find((c) => c.kind === 'external')!.id;
    expect((await act(h, anna, conversationId, 'take')).statusCode).toBe(200);
    const sent = (await reply(h, anna, conversationId, 'Our price is 10 EUR')).json() as Message;
    const refused = await call(anna, 'DELETE', `/api/messages/${sent.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/customer/);
    expect((await call(anna, 'PATCH', `/api/messages/${sent.id}`, { body: 'Our price is 12 EUR' })).statusCode).toBe(403);
    expect((await visitor.chat()).messages.at(-1)).toMatchObject({ body: 'Our price is 10 EUR' });
  });
});

describe('the edit window the client is told', () => {
  it('is MESSAGE_EDIT_MINUTES, and the server refuses after exactly that', async () => {
    const clock = new FakeClock();
    const h = await startHarness('sqlite', { clock, env: { MESSAGE_EDIT_MINUTES: '2' } });
    try {
      const anna = await h.user('Anna');
      const ben = await h.user('Ben');
      const rules = await h.app.inject({ method: 'GET', url: '/api/messages/rules', headers: anna.auth });
      expect(rules.statusCode, rules.body).toBe(200);
      expect(rules.json()).toEqual({ editWindowMs: 2 * 60_000 });
      expect((await h.app.inject({ method: 'GET', url: '/api/messages/rules' })).statusCode).toBe(401);

      const chat = (await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })).json()
        .id;
      const sent = await h.app.inject({
        method: 'POST',
        url: `/api/conversations/${chat}/messages`,
        headers: anna.auth,
        payload: { clientId: 'client-rules-1', body: 'Hi' },
      });
      clock.advance(2 * 60_000 + 1);
      const late = await h.app.inject({ method: 'PATCH', url: `/api/messages/${sent.json().id}`, headers: anna.auth, payload: { body: 'Hello' } });
      expect(sent.statusCode, sent.body).toBe(200);
      expect(late.statusCode, late.body).toBe(403);
    } finally {
      await h.close();
    }
  });
});
