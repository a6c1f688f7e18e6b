import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { memberStorage } from './members.js';

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

describe.each(dialects)('offer rows on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(() => h.close());

  // A Ring all batch: a hundred and fifty chats offered to fifty agents is 7,500 rows, past what one statement of
  // bound row values may hold on SQLite (32,766 parameters at five a row).
  it('offers a batch of chats to every agent in one go, keeping what each colleague had read', async () => {
    const db = h.storage.db;
    const { userIds, chatIds } = await chatsAndAgents(db, 150, 50);
    await db
      .insertInto('conversation_members')
      .values({ conversation_id: chatIds[0]!, user_id: userIds[3]!, last_read_message_id: 7, role: 'member', archived: 1 })
      .execute();

    await memberStorage.setMembersOfAll(
      db,
      chatIds.map((conversationId) => ({ conversationId, userIds })),
      'offered',
      false,
    );

    const rows = await rowsOf(db, chatIds);
    expect(rows).toHaveLength(150 * 50);
    expect(rows.every((r) => r.role === 'offered' && r.archived === 0)).toBe(true);
    expect(rows.find((r) => r.conversation_id === chatIds[0] && r.user_id === userIds[3])?.last_read_message_id).toBe(7);
    expect(new Set(rows.map((r) => `${r.conversation_id}:${r.user_id}`)).size).toBe(150 * 50);
  });

  it("withdraws each taken chat's offers from everyone but its taker, and nothing else", async () => {
    const db = h.storage.db;
    const { userIds, chatIds } = await chatsAndAgents(db, 3, 4);
    const [a, b, untouched] = chatIds as [number, number, number];
    const [u1, u2, u3, u4] = userIds as [number, number, number, number];
    await memberStorage.setMembersOfAll(
      db,
      chatIds.map((conversationId) => ({ conversationId, userIds: [u1, u2, u3] })),
      'offered',
      false,
    );
    // A colleague invited to chat a: not an offer, so a take does not remove them.
    await memberStorage.setMembersOfAll(db, [{ conversationId: a, userIds: [u4] }], 'member', false);

    await memberStorage.withdrawOffersExcept(db, [
      { conversationId: a, userId: u1 },
      { conversationId: b, userId: u2 },
    ]);

    const left = (await rowsOf(db, chatIds)).map((r) => [r.conversation_id, r.user_id, r.role]);
    expect(left).toEqual([
      [a, u1, 'offered'],
      [a, u4, 'member'],
      [b, u2, 'offered'],
      [untouched, u1, 'offered'],
      [untouched, u2, 'offered'],
      [untouched, u3, 'offered'],
    ]);
  });
});
