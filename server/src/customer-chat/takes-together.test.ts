import type { Conversation } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConversationCore } from '../conversations/core.js';
import { memberStorage } from '../conversations/members.js';
import { act, TestVisitor, ringAllDesk, type RingAllDesk } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import type { TestSocket } from '../testing/ws-client.js';

/**
 * Takes of different chats that reach the database at the same moment are written together
 * (customer-chat/service.ts `takeAll`): each must come out exactly as if it had been alone.
 */
describe.each(dialects)('takes of several chats at once on %s', (dialect) => {
  let h: Harness;
  let desk: RingAllDesk;
  let anna: TestUser;
  let ben: TestUser;
  let widget: { key: string };
  let sockets: TestSocket[];

  beforeEach(async () => {
    h = await startHarness(dialect);
    desk = await ringAllDesk(h);
    ({ anna, ben, widget, sockets } = desk);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await desk.close();
  });

  async function waitingChats(names: string[]): Promise<{ visitor: TestVisitor; id: number }[]> {
    const chats = [];
    for (const name of names) {
      const visitor = await TestVisitor.start(h, widget.key, name);
      const offer = sockets[1]!.next((e) => e.type === 'conversation.created' && e.conversation.customer?.id === visitor.id) as Promise<{
        conversation: Conversation;
      }>;
      await visitor.write(`Hello, I am ${name}`);
      chats.push({ visitor, id: (await offer).conversation.id });
    }
    return chats;
  }

  it('gives each chat to its taker, as if each take had been alone, writing them together', async () => {
    const chats = await waitingChats(['Ada', 'Bo', 'Cy', 'Di']);
    const batches: number[] = [];
    const giveToTakers = ConversationCore.prototype.giveToTakers;
    vi.spyOn(ConversationCore.prototype, 'giveToTakers').mockImplementation(async function (this: ConversationCore, trx, takes, now) {
      batches.push(takes.length);
      // The first batch is held a moment, as a busy database would: what arrives meanwhile must share the next one.
      if (batches.length === 1) await new Promise((resolve) => setTimeout(resolve, 200));
      return giveToTakers.call(this, trx, takes, now);
    });
    const takers = [anna, ben, anna, ben];
    const removedFromOthers = chats.map(({ id }, i) => sockets[i % 2 === 0 ? 1 : 0]!.next((e) => e.type === 'conversation.removed' && e.conversationId === id));
    const answers = await Promise.all(chats.map(({ id }, i) => act(h, takers[i]!, id, 'take')));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(4);
    expect(batches.length).toBeLessThan(4);

    for (const [i, { id, visitor }] of chats.entries()) {
      const taker = takers[i]!;
      expect(await removedFromOthers[i]).toMatchObject({ reason: 'taken', byName: taker.name });
      const members = await h.storage.db.selectFrom('conversation_members').select(['user_id', 'role']).where('conversation_id', '=', id).execute();
      expect(members).toEqual([{ user_id: taker.id, role: 'owner' }]);
      const row = await h.storage.db.selectFrom('conversations').select(['owner_id', 'state', 'next_route_at']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ owner_id: taker.id, state: 'owned', next_route_at: null });
      const sessions = await h.storage.db.selectFrom('chat_sessions').select(['taken_by']).where('conversation_id', '=', id).execute();
      expect(sessions).toEqual([{ taken_by: taker.id }]);
      const notes = await h.storage.db.selectFrom('messages').select('body').where('conversation_id', '=', id).where('author', '=', 'system').execute();
      expect(notes.map((n) => n.body)).toEqual([`${taker.name} joined the chat`]);
      expect(await visitor.chat()).toMatchObject({ state: 'owned', agentName: taker.name });
    }
    const queue = await h.storage.db.selectFrom('queues').select('last_taken_by').executeTakeFirstOrThrow();
    expect([anna.id, ben.id]).toContain(queue.last_taken_by);
  });

  it('refuses a take whose offer moved on while it waited for its batch, beside one that wins', async () => {
    const [ada, bo] = await waitingChats(['Ada', 'Bo']);
    const lockAll = ConversationCore.prototype.lockAll;
    const locked: number[][] = [];
    vi.spyOn(ConversationCore.prototype, 'lockAll').mockImplementation(async function (this: ConversationCore, trx, ids) {
      locked.push([...ids]);
      const rows = await lockAll.call(this, trx, ids);
      // Anna's offer of Bo's chat is withdrawn after her take was checked, before the batch judges it under the lock.
      // (After the chats' locks, in the order the router takes them: before them, PostgreSQL may see a deadlock.)
      await memberStorage.removeMembers(trx, bo!.id, [anna.id]);
      return rows;
    });
    // Pressed in the same turn (as by the web client, without HTTP's own reads in between): one batch.
    const asAnna = { id: anna.id, role: anna.role, name: anna.name };
    const answers = await Promise.allSettled([h.services.customerChats.take(asAnna, ada!.id), h.services.customerChats.take(asAnna, bo!.id)]);
    // One batch of both; PostgreSQL may abort it for a deadlock with the router's work, and then it runs again whole.
    expect(locked.length).toBeGreaterThan(0);
    for (const ids of locked) expect(ids).toEqual([ada!.id, bo!.id]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: undefined });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { code: 'FORBIDDEN', statusCode: 403 } });
    const rows = await h.storage.db
      .selectFrom('conversations')
      .select(['id', 'owner_id', 'state'])
      .where('id', 'in', [ada!.id, bo!.id])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: ada!.id, owner_id: anna.id, state: 'owned' },
      { id: bo!.id, owner_id: null, state: 'queued' },
    ]);
  });

  it('answers a Take of a chat I already have with success, changing nothing, alone or beside other takes', async () => {
    const chats = await waitingChats(['Ada', 'Bo']);
    expect((await act(h, anna, chats[0]!.id, 'take')).statusCode).toBe(200);
    expect((await act(h, anna, chats[0]!.id, 'take')).statusCode).toBe(200);
    const answers = await Promise.all([act(h, anna, chats[0]!.id, 'take'), act(h, ben, chats[1]!.id, 'take')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    const notes = await h.storage.db.selectFrom('messages').select('body').where('conversation_id', '=', chats[0]!.id).where('author', '=', 'system').execute();
    expect(notes.map((n) => n.body)).toEqual(['Anna joined the chat']);
    const owners = await h.storage.db.selectFrom('conversations').select(['id', 'owner_id']).orderBy('id').execute();
    expect(owners).toEqual([
      { id: chats[0]!.id, owner_id: anna.id },
      { id: chats[1]!.id, owner_id: ben.id },
    ]);
  });

  it('answers two agents pressing Take on the same chats at once: one owner each, the other refused with the name', async () => {
    const chats = await waitingChats(['Ada', 'Bo']);
    const answers = await Promise.all(chats.flatMap(({ id }) => [act(h, anna, id, 'take'), act(h, ben, id, 'take')]));
    for (const [i, { id }] of chats.entries()) {
      const [a, b] = [answers[2 * i]!, answers[2 * i + 1]!];
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const winner = a.statusCode === 200 ? anna : ben;
      expect((a.statusCode === 409 ? a : b).json()).toMatchObject({ error: { code: 'ALREADY_TAKEN' } });
      expect((a.statusCode === 409 ? a : b).json().error.message).toContain(winner.name);
      const owners = await h.storage.db
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', id)
        .where('role', '=', 'owner')
        .execute();
      expect(owners).toEqual([{ user_id: winner.id }]);
    }
  });
});
