import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { memberStorage } from './members.js';
import { conversationStorage } from './storage.js';

/** `count` conversations of a queue and `agents` colleagues, made with the storage's own tables. */
async function chatsAndAgents(db: Db, count: number, agents: number) {
  const now = Date.now();
  const users = await db
    .insertInto('users')
    .values(
      Array.from({ length: agents }, (_, i) => ({
        email: `a${i}@example.com`,
        name: `Agent ${i}`,
        extension: `${200 + i}`,
        role: 'agent' as const,
        password_hash: 'x',
        created_at: now,
      })),
    )
    .returning('id')
    .execute();
  const chats = await db
    .insertInto('conversations')
    .values(Array.from({ length: count }, (_, i) => ({ kind: 'external' as const, title: `Visitor ${i}`, created_at: now, last_activity_at: now })))
    .returning('id')
    .execute();
  return { userIds: users.map((u) => u.id), chatIds: chats.map((c) => c.id) };
}

async function rowsOf(db: Db, chatIds: number[]) {
  const rows = await db
    .selectFrom('conversation_members')
    .select(['conversation_id', 'user_id', 'role', 'archived', 'last_read_message_id'])
    .where('conversation_id', 'in', chatIds)
    .orderBy('conversation_id')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({ ...r, archived: Number(r.archived), last_read_message_id: Number(r.last_read_message_id) }));
}

async function offeredTo(db: Db, chatIds: number[]) {
  const rows = await db.selectFrom('conversations').select(['id', 'offered_to']).where('id', 'in', chatIds).orderBy('id').execute();
  return rows.map((r) => r.offered_to);
}

describe.each(dialects)('offers on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(() => h.close());

  // A Ring all batch: a hundred and fifty chats offered to fifty agents, where it was 7,500 member rows.
  it('offers a batch of chats to every agent in one go, over a former owner’s own row, writing no member row, with each chat’s next route time', async () => {
    const db = h.storage.db;
    const { userIds, chatIds } = await chatsAndAgents(db, 150, 50);
    const former = userIds[3]!;
    await db
      .insertInto('conversation_members')
      .values({ conversation_id: chatIds[0]!, user_id: former, last_read_message_id: 7, role: 'former', archived: 1 })
      .execute();

    await memberStorage.setOffers(
      db,
      chatIds.map((conversationId, i) => ({ conversationId, userIds, nextRouteAt: 1_796_000_000_000 + i })),
    );

    const routeTimes = await db.selectFrom('conversations').select(['id', 'next_route_at']).where('id', 'in', chatIds).orderBy('id').execute();
    expect(routeTimes.map((r) => Number(r.next_route_at))).toEqual(chatIds.map((_, i) => 1_796_000_000_000 + i));
    expect(await rowsOf(db, chatIds)).toEqual([{ conversation_id: chatIds[0], user_id: former, role: 'former', archived: 1, last_read_message_id: 7 }]);
    const members = await memberStorage.membersOfAll(db, chatIds);
    expect(members).toHaveLength(150 * 50);
    expect(members.every((m) => m.role === 'offered')).toBe(true);
    expect(new Set(members.map((m) => `${m.conversation_id}:${m.user_id}`)).size).toBe(150 * 50);
    expect(await memberStorage.memberRole(db, chatIds[0]!, former)).toBe('offered');
    // Offered, the chat is in the former owner's list, not in their archive.
    expect((await memberStorage.conversationIdsOf(db, former, false)).sort((a, b) => a - b)).toEqual(chatIds);
    expect(await memberStorage.conversationIdsOf(db, former, true)).toEqual([]);
    expect((await memberStorage.participants(db, chatIds[1]!)).map((p) => p.role)).toEqual(Array(50).fill('offered'));
  });

  it('takes colleagues out of an offer with their rows, and nobody left is no offer', async () => {
    const db = h.storage.db;
    const { userIds, chatIds } = await chatsAndAgents(db, 3, 4);
    const [a, b, untouched] = chatIds as [number, number, number];
    const [u1, u2, u3, u4] = userIds as [number, number, number, number];
    await memberStorage.setOffers(
      db,
      chatIds.map((conversationId) => ({ conversationId, userIds: [u1, u2, u3], nextRouteAt: 0 })),
    );
    // A colleague invited to chat a: not an offer.
    await memberStorage.setMembersOfAll(db, [{ conversationId: a, userIds: [u4] }], 'member', false);

    await memberStorage.removeMembers(db, a, [u2]);
    await memberStorage.removeMembers(db, b, [u3, u1, u2]);

    expect(await offeredTo(db, chatIds)).toEqual([`,${u1},${u3},`, null, `,${u1},${u2},${u3},`]);
    const roles = async (id: number) => new Map((await memberStorage.members(db, id)).map((m) => [m.user_id, m.role]));
    expect(await roles(a)).toEqual(
      new Map([
        [u4, 'member'],
        [u1, 'offered'],
        [u3, 'offered'],
      ]),
    );
    expect(await roles(b)).toEqual(new Map());
    expect(await memberStorage.activeMemberIds(db, untouched)).toEqual([u1, u2, u3]);
    expect(await memberStorage.memberRole(db, b, u1)).toBeUndefined();
  });

  it('withdraws the offer when the chat leaves the queue: taken, or closed', async () => {
    const db = h.storage.db;
    const { userIds, chatIds } = await chatsAndAgents(db, 3, 3);
    const [taken, closed, waiting] = chatIds as [number, number, number];
    await conversationStorage.updateAll(db, chatIds, { state: 'queued' });
    await memberStorage.setOffers(
      db,
      chatIds.map((conversationId) => ({ conversationId, userIds, nextRouteAt: 0 })),
    );

    await conversationStorage.setOwners(db, [{ conversationId: taken, userId: userIds[0]! }]);
    await conversationStorage.update(db, closed, { state: 'closed' });
    await conversationStorage.update(db, waiting, { state: 'queued', offer_round: 1 });

    expect(await offeredTo(db, chatIds)).toEqual([null, null, `,${userIds.join(',')},`]);
  });
});
