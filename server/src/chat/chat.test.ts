import type { Conversation, Message, MessagePage } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

describe.each(dialects)('internal chat on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;

  beforeEach(async () => {
    h = await startHarness(dialect);
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara');
  });
  afterEach(() => h.close());

  const inject = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) => h.app.inject({ method, url, headers: user.auth, payload });

  async function direct(from: TestUser, to: TestUser): Promise<Conversation> {
    const response = await inject(from, 'POST', '/api/conversations', { kind: 'direct', userId: to.id });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  const send = async (from: TestUser, conversationId: number, body: string, clientId = `c-${Math.random().toString(36).slice(2)}`) => {
    const response = await inject(from, 'POST', `/api/conversations/${conversationId}/messages`, { clientId, body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Message;
  };

  const recents = async (user: TestUser) => ((await inject(user, 'GET', '/api/conversations')).json() as { conversations: Conversation[] }).conversations;

  it('opens one direct chat per pair, whoever starts it', async () => {
    const first = await direct(anna, ben);
    const again = await direct(ben, anna);
    expect(again.id).toBe(first.id);
    expect(first.members.map((m) => m.name).sort()).toEqual(['Anna', 'Ben']);
  });

  it('delivers messages, orders Recents by activity and counts unread until read', async () => {
    const withBen = await direct(anna, ben);
    const withClara = await direct(anna, clara);
    await send(ben, withBen.id, 'hi Anna');
    await send(ben, withBen.id, 'are you there?');
    await send(clara, withClara.id, 'lunch?');

    let list = await recents(anna);
    expect(list.map((c) => c.id)).toEqual([withClara.id, withBen.id]);
    expect(list.find((c) => c.id === withBen.id)).toMatchObject({ unread: 2, lastMessage: { body: 'are you there?' } });

    const last = list.find((c) => c.id === withBen.id)!.lastMessage!;
    expect((await inject(anna, 'POST', `/api/conversations/${withBen.id}/read`, { messageId: last.id })).statusCode).toBe(200);
    list = await recents(anna);
    expect(list.find((c) => c.id === withBen.id)!.unread).toBe(0);
    const benView = (await recents(ben)).find((c) => c.id === withBen.id)!;
    expect(benView.members.find((m) => m.id === anna.id)!.lastReadMessageId).toBe(last.id);
    expect(benView.unread).toBe(0);
  });

  it('pages history backwards by cursor', async () => {
    const c = await direct(anna, ben);
    for (let i = 1; i <= 7; i++) await send(i % 2 ? anna : ben, c.id, `message ${i}`);
    const page1 = (await inject(anna, 'GET', `/api/conversations/${c.id}/messages?limit=3`)).json() as MessagePage;
    expect(page1.messages.map((m) => m.body)).toEqual(['message 5', 'message 6', 'message 7']);
    const page2 = (await inject(anna, 'GET', `/api/conversations/${c.id}/messages?limit=3&before=${page1.nextBefore}`)).json() as MessagePage;
    expect(page2.messages.map((m) => m.body)).toEqual(['message 2', 'message 3', 'message 4']);
    const page3 = (await inject(anna, 'GET', `/api/conversations/${c.id}/messages?limit=3&before=${page2.nextBefore}`)).json() as MessagePage;
    expect(page3).toEqual({ messages: [expect.objectContaining({ body: 'message 1' })], nextBefore: null });
  });

  it('delivers a retried send once', async () => {
    const c = await direct(anna, ben);
    const first = await send(anna, c.id, 'only once', 'retry-client-id-1');
    const retry = await send(anna, c.id, 'only once', 'retry-client-id-1');
    expect(retry.id).toBe(first.id);
    const page = (await inject(ben, 'GET', `/api/conversations/${c.id}/messages`)).json() as MessagePage;
    expect(page.messages).toHaveLength(1);
  });

  it('runs group chats with every member', async () => {
    const response = await inject(anna, 'POST', '/api/conversations', { kind: 'group', title: 'Launch', userIds: [ben.id, clara.id] });
    const group = response.json() as Conversation;
    expect(group.members).toHaveLength(3);
    await send(clara, group.id, 'ready when you are');
    for (const user of [anna, ben]) {
      expect((await recents(user)).find((c) => c.id === group.id)).toMatchObject({ title: 'Launch', unread: 1 });
    }
  });

  it('refuses people outside the conversation, admins included', async () => {
    const admin = await h.user('Root', 'admin');
    const c = await direct(anna, ben);
    await send(anna, c.id, 'private');
    for (const outsider of [clara, admin]) {
      expect((await inject(outsider, 'GET', `/api/conversations/${c.id}`)).statusCode).toBe(403);
      expect((await inject(outsider, 'GET', `/api/conversations/${c.id}/messages`)).statusCode).toBe(403);
      const write = await inject(outsider, 'POST', `/api/conversations/${c.id}/messages`, { clientId: 'intruder-1', body: 'x' });
      expect(write.statusCode).toBe(403);
      expect(write.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
      expect((await recents(outsider)).some((x) => x.id === c.id)).toBe(false);
    }
    expect((await inject(anna, 'GET', '/api/conversations/999999')).statusCode).toBe(404);
    const page = (await inject(ben, 'GET', `/api/conversations/${c.id}/messages`)).json() as MessagePage;
    expect(page.messages.map((m) => m.body)).toEqual(['private']);
  });

  it('answers bad input with 400 naming the field and stores nothing', async () => {
    const c = await direct(anna, ben);
    const cases = [
      [{ clientId: 'ok-client-id', body: '   ' }, 'body.body'],
      [{ clientId: 'bad id!', body: 'hello' }, 'body.clientId'],
      [{ body: 'hello' }, 'body.clientId'],
      [{ clientId: 'ok-client-id', body: 'x'.repeat(10_001) }, 'body.body'],
    ] as const;
    for (const [payload, field] of cases) {
      const response = await inject(anna, 'POST', `/api/conversations/${c.id}/messages`, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.message).toContain(field);
    }
    const badId = await inject(anna, 'GET', '/api/conversations/abc/messages');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toContain('params.id');
    const page = (await inject(anna, 'GET', `/api/conversations/${c.id}/messages`)).json() as MessagePage;
    expect(page.messages).toEqual([]);
  });

  it('refuses an oversized body with 413 and a clear error', async () => {
    const c = await direct(anna, ben);
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/conversations/${c.id}/messages`,
      headers: { ...anna.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ clientId: 'big-body-1', body: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
