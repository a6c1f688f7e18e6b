import type { Conversation, Message } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offloadOf } from '../db/offload.js';
import { eventsAfter } from '../events/storage.js';
import { userRecipient } from '../events/recipient.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

/**
 * Sends that arrive together share one transaction and are written with one statement per table
 * (ChatService's group commit on PostgreSQL, the SQLite writer thread's on SQLite: db/offload.ts). What colleagues see must be as if each had
 * been sent alone: every message stored once, every stream gap-free and in the order of the messages.
 */
describe.each(dialects)('sends written together on %s', (dialect) => {
  let h: Harness;
  let users: TestUser[];
  let batchSizes: number[];

  beforeEach(async () => {
    h = await startHarness(dialect);
    users = [];
    for (const name of ['Anna', 'Ben', 'Clara', 'Dora']) users.push(await h.user(name));
    // Watches the batches handed over: to this thread's group commit (PostgreSQL), or to the SQLite writer thread.
    batchSizes = [];
    const offload = offloadOf(h.storage.db) as unknown as { queued: unknown[]; flush(): void } | undefined;
    if (offload) {
      const flush = offload.flush.bind(offload);
      offload.flush = () => {
        batchSizes.push(offload.queued.length);
        flush();
      };
    } else {
      const chat = h.services.chat as unknown as { writeSends(sends: unknown[]): Promise<unknown[]> };
      const writeSends = chat.writeSends.bind(chat);
      chat.writeSends = (sends) => {
        batchSizes.push(sends.length);
        return writeSends(sends);
      };
    }
  });
  afterEach(() => h.close());

  const inject = (user: TestUser, method: 'POST', url: string, payload: object) => h.app.inject({ method, url, headers: user.auth, payload });
  const open = async (from: TestUser, payload: object) => (await inject(from, 'POST', '/api/conversations', payload)).json() as Conversation;
  const send = (from: TestUser, conversationId: number, clientId: string, extra: object = {}) =>
    inject(from, 'POST', `/api/conversations/${conversationId}/messages`, { clientId: `batched-${clientId}`, body: `${from.name} ${clientId}`, ...extra });

  it('stores each message once and gives every colleague a gap-free stream in message order', async () => {
    const [anna, ben, clara, dora] = users as [TestUser, TestUser, TestUser, TestUser];
    const direct = await open(anna, { kind: 'direct', userId: ben.id });
    const group = await open(anna, { kind: 'group', title: 'Launch', userIds: [ben.id, clara.id, dora.id] });
    const before = await Promise.all(users.map((u) => eventsAfter(h.storage.db, userRecipient(u.id), 0, 1000)));
    batchSizes.length = 0;

    const sends = [];
    for (let i = 0; i < 20; i++) {
      sends.push(send(anna, direct.id, `a${i}`), send(ben, direct.id, `b${i}`), send(clara, group.id, `c${i}`), send(dora, group.id, `d${i}`));
    }
    // A retry of a send in the same batch, and a send whose file does not exist (it fails alone).
    sends.push(send(anna, direct.id, 'a3'), send(ben, group.id, 'bad', { fileIds: [999_999] }));
    const answers = await Promise.all(sends);

    expect(Math.max(...batchSizes), 'the sends shared a transaction').toBeGreaterThan(1);
    const [retry, bad] = answers.slice(-2);
    expect(retry!.statusCode).toBe(200);
    expect(bad!.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad!.statusCode).toBeLessThan(500);
    expect(bad!.json()).toMatchObject({ error: { code: expect.any(String) } });
    const messages = answers.slice(0, -2).map((a) => {
      expect(a.statusCode, a.body).toBe(200);
      return a.json() as Message;
    });
    expect(new Set(messages.map((m) => m.id)).size).toBe(80);
    expect((retry!.json() as Message).id).toBe(messages.find((m) => m.clientId === 'batched-a3')!.id);
    // Each sender has read their conversation up to their own last message.
    const views = ((await h.app.inject({ method: 'GET', url: '/api/conversations', headers: anna.auth })).json() as { conversations: Conversation[] })
      .conversations;
    for (const [conversation, sender, prefix] of [
      [direct, anna, 'batched-a'],
      [direct, ben, 'batched-b'],
      [group, clara, 'batched-c'],
      [group, dora, 'batched-d'],
    ] as const) {
      const last = Math.max(...messages.filter((m) => m.clientId.startsWith(prefix)).map((m) => m.id));
      const view = views.find((c) => c.id === conversation.id)!;
      expect(view.members.find((m) => m.id === sender.id)!.lastReadMessageId).toBe(last);
    }

    for (const [i, user] of users.entries()) {
      const after = before[i]!.at(-1)?.seq ?? 0;
      const events = await eventsAfter(h.storage.db, userRecipient(user.id), after, 1000);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, k) => after + k + 1));
      const created = events.filter((e) => e.type === 'message.created').map((e) => (e as { message: Message }).message);
      const seen = messages.filter((m) => (m.conversationId === direct.id ? i < 2 : true));
      expect(created.map((m) => m.id)).toEqual(seen.map((m) => m.id).sort((x, y) => x - y));
      expect(created.find((m) => m.clientId === 'batched-c7')?.body).toBe('Clara c7');
    }
  });
});
