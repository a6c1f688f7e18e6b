import type { Conversation, Message } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchBatches } from '../testing/send-batches.js';
import { eventsAfter } from '../events/storage.js';
import { userRecipient } from '../events/recipient.js';
import type { DialectName } from '../db/dialect.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

/**
 * Sends that arrive together share one transaction and are written with one statement per table
 * (ChatService's group commit on PostgreSQL, the SQLite writer thread's on SQLite: db/offload.ts). What colleagues see must be as if each had
 * been sent alone: every message stored once, every stream gap-free and in the order of the messages.
 */
type Setup = { dialect: DialectName; rate: string; label: string };
const setups = dialects.flatMap((dialect): Setup[] =>
  dialect === 'sqlite'
    ? [
        { dialect, rate: '4000', label: 'sqlite, in the server thread' },
        { dialect, rate: '0', label: 'sqlite, in the writer thread' },
      ]
    : [{ dialect, rate: '4000', label: dialect }],
);

describe.each(setups)('sends written together on $label', ({ dialect, rate }) => {
  let h: Harness;
  let users: TestUser[];
  let batchSizes: number[];

  beforeEach(async () => {
    h = await startHarness(dialect, { env: { SQLITE_WRITER_FROM_RATE: rate } });
    users = [];
    for (const name of ['Anna', 'Ben', 'Clara', 'Dora']) users.push(await h.user(name));
    batchSizes = watchBatches(h);
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

describe('sends moving between the server thread and the SQLite writer thread', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('keeps every stream gap-free and in message order as the rate crosses the threshold and back', async () => {
    // 200 sends a second: a burst of 60 in one turn crosses it, one send every 20 ms stays below.
    h = await startHarness('sqlite', { env: { SQLITE_WRITER_FROM_RATE: '200' } });
    const [anna, ben] = [await h.user('Anna'), await h.user('Ben')];
    const sides = { thread: [] as number[], offload: [] as number[] };
    watchBatches(h, sides);
    const chat = (
      await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })
    ).json() as Conversation;
    const send = async (from: TestUser, clientId: string) => {
      const answer = await h.app.inject({
        method: 'POST',
        url: `/api/conversations/${chat.id}/messages`,
        headers: from.auth,
        payload: { clientId: `switch-${clientId}`, body: clientId },
      });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json() as Message;
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    const sent: Message[] = [];
    for (let i = 0; i < 3; i++) {
      sent.push(await send(anna, `slow-${i}`));
      await pause(20);
    }
    sent.push(...(await Promise.all(Array.from({ length: 60 }, (_, i) => send(i % 2 ? anna : ben, `burst-${i}`)))));
    await pause(250);
    for (let i = 0; i < 3; i++) {
      sent.push(await send(ben, `after-${i}`));
      await pause(20);
    }

    expect(sides.thread.length, 'written in the server thread').toBeGreaterThan(0);
    expect(sides.offload.length, 'written in the writer thread').toBeGreaterThan(0);
    const ids = sent.map((m) => m.id);
    expect(new Set(ids).size).toBe(66);
    for (const user of [anna, ben]) {
      const events = await eventsAfter(h.storage.db, userRecipient(user.id), 0, 1000);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, k) => k + 1));
      const created = events.filter((e) => e.type === 'message.created').map((e) => (e as { message: Message }).message.id);
      expect(created).toEqual([...ids].sort((x, y) => x - y));
    }
    // The slow sends before and after the burst were stored in the order they were sent.
    const slow = sent.filter((m) => !m.body.startsWith('burst'));
    expect(slow.map((m) => m.id)).toEqual(slow.map((m) => m.id).sort((x, y) => x - y));
  });
});
