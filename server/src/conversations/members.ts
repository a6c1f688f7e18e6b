import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { integerRows } from '../db/dialect.js';
import { prepared } from '../db/prepared.js';
import { Statement } from '../db/statement.js';
import type { MemberRole } from '../db/schema.js';

const membersOf = prepared((db: Db, conversationId: number) =>
  db.selectFrom('conversation_members').select(['user_id', 'role']).where('conversation_id', '=', conversationId),
);

/**
 * The `conversation_members` rows: who sees a conversation, in which role, archived or not, read how far.
 * The statements every message runs (active members, read marker) are SQL text: building them cost more than running them.
 */
export const memberStorage = {
  /** Colleagues who see the conversation now (internal members, owner, offered agents). */
  activeMemberIds: async (db: Db, conversationId: number) =>
    (
      await sql<{ user_id: number }>`
        select user_id from conversation_members where conversation_id = ${conversationId} and role != 'former'`.execute(db)
    ).rows.map((r) => r.user_id),

  /** Who sees each of several conversations, with their roles, in one statement, by conversation. */
  activeMembersOf: async (db: Db, conversationIds: readonly number[]) => {
    const ids = [...new Set(conversationIds)];
    const { rows } = await new Statement(db)
      .text('select conversation_id, user_id, role from conversation_members where conversation_id in (')
      .list(ids)
      .text(") and role != 'former'")
      .execute<{ conversation_id: number; user_id: number; role: MemberRole }>();
    const members = new Map<number, { userId: number; role: MemberRole }[]>(ids.map((id) => [id, []]));
    for (const row of rows) members.get(Number(row.conversation_id))?.push({ userId: row.user_id, role: row.role });
    return members;
  },

  allMemberIds: async (db: Db, conversationId: number) =>
    (await db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).execute()).map((r) => r.user_id),

  memberRole: async (db: Db, conversationId: number, userId: number): Promise<MemberRole | undefined> =>
    (await db.selectFrom('conversation_members').select('role').where('conversation_id', '=', conversationId).where('user_id', '=', userId).executeTakeFirst())
      ?.role,

  conversationIdsOf: async (db: Db, userId: number, archived: boolean) =>
    (
      await db.selectFrom('conversation_members').select('conversation_id').where('user_id', '=', userId).where('archived', '=', Number(archived)).execute()
    ).map((r) => r.conversation_id),

  members: (db: Db, conversationId: number) => membersOf(db, conversationId),

  /** `members` of several conversations (former ones too), in one statement. */
  membersOfAll: async (db: Db, conversationIds: readonly number[]) =>
    (
      await new Statement(db)
        .text('select conversation_id, user_id, role from conversation_members where conversation_id in (')
        .list([...new Set(conversationIds)])
        .text(')')
        .execute<{ conversation_id: number; user_id: number; role: MemberRole }>()
    ).rows,

  /** The colleagues in the conversation with their names and roles, by name (Information). */
  participants: (db: Db, conversationId: number) =>
    db
      .selectFrom('conversation_members')
      .innerJoin('users', 'users.id', 'conversation_members.user_id')
      .select(['users.id', 'users.name', 'users.extension', 'conversation_members.role'])
      .where('conversation_id', '=', conversationId)
      .orderBy('users.name')
      .execute(),

  setMember: (db: Db, conversationId: number, userId: number, role: MemberRole, archived: boolean) =>
    memberStorage.setMembers(db, conversationId, [userId], role, archived),

  /**
   * Gives these colleagues this role in the conversation, in one statement, keeping their read markers. SQL text,
   * as every offer to a queue's agents (fifty rows with Ring all) and its withdrawal run it.
   */
  setMembers: (db: Db, conversationId: number, userIds: number[], role: MemberRole, archived: boolean) =>
    memberStorage.setMembersOfAll(db, [{ conversationId, userIds }], role, archived),

  /**
   * `setMembers` for several conversations at once (a batch of offers), in one statement whose text is the same
   * for any number of rows (`Statement.table`). Written as `values (…), (…)`, a batch of a hundred chats offered
   * to fifty agents was 25,000 parameters in three statements, each text new to SQLite's statement cache: this
   * form took 5.1–5.8 ms against 8.8–10 ms there. On PostgreSQL both take about the same (its foreign-key checks,
   * one per row, are most of the cost), and this one has no limit on rows, which its larger batches need.
   */
  async setMembersOfAll(
    db: Db,
    entries: readonly { conversationId: number; userIds: readonly number[] }[],
    role: MemberRole,
    archived: boolean,
  ): Promise<void> {
    const rows = entries.flatMap(({ conversationId, userIds }) => userIds.map((userId) => [conversationId, userId]));
    if (rows.length === 0) return;
    // `where true`: SQLite reads an upsert after `select … from` without it as a join's `on`.
    await new Statement(db)
      .text('insert into conversation_members (conversation_id, user_id, last_read_message_id, role, archived) select conversation_id, user_id, 0, ')
      .value(role)
      .text(', ')
      .value(Number(archived))
      .text(' from (')
      .table(
        [
          ['conversation_id', 'integer'],
          ['user_id', 'integer'],
        ],
        rows,
      )
      .text(') as asked where true on conflict (conversation_id, user_id) do update set role = excluded.role, archived = excluded.archived')
      .execute();
  },

  /**
   * Withdraws each chat's offers from everyone but its taker, in one statement (a batch of takes). An OR of the
   * takes, so that each finds its rows through the key: the same delete from a table of the takes (one text for
   * any batch) took PostgreSQL ~37 ms a batch of a hundred in the routing burst, against ~3.7 ms for this one.
   */
  async withdrawOffersExcept(db: Db, takes: readonly { conversationId: number; userId: number }[]): Promise<void> {
    if (takes.length === 0) return;
    const statement = new Statement(db).text("delete from conversation_members where role = 'offered' and (");
    for (const [i, { conversationId, userId }] of takes.entries())
      statement
        .text(i > 0 ? ' or (conversation_id = ' : '(conversation_id = ')
        .value(conversationId)
        .text(' and user_id != ')
        .value(userId)
        .text(')');
    await statement.text(')').execute();
  },

  async removeMembers(db: Db, conversationId: number, userIds: number[]): Promise<void> {
    if (userIds.length === 0) return;
    await new Statement(db)
      .text('delete from conversation_members where conversation_id = ')
      .value(conversationId)
      .text(' and user_id in (')
      .list(userIds)
      .text(')')
      .execute();
  },

  setArchived: (db: Db, conversationId: number, userId: number, archived: boolean) =>
    db
      .updateTable('conversation_members')
      .set({ archived: Number(archived) })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),

  /**
   * `advanceReadMarker` for several colleagues and conversations in one statement (a batch of sends), of one
   * text whatever the batch (db/dialect.ts `integerRows`), so it stays prepared. With the ids written as
   * literals every send had a text of its own: ~500 statements prepared a second on SQLite, thrown away at the
   * next full collections, whose pauses (finalizing them) held colleagues' messages; with a CASE of parameters,
   * a text per batch shape, which PostgreSQL prepared and evicted (its sends' throughput ~15% lower).
   */
  async advanceReadMarkers(db: Db, marks: readonly { conversationId: number; userId: number; messageId: number }[]): Promise<void> {
    const furthest = new Map<string, { conversationId: number; userId: number; messageId: number }>();
    for (const mark of marks) {
      const key = `${mark.conversationId}:${mark.userId}`;
      if ((furthest.get(key)?.messageId ?? 0) < mark.messageId) furthest.set(key, mark);
    }
    if (furthest.size === 0) return;
    const rows = [...furthest.values()].map((m) => [m.conversationId, m.userId, m.messageId]);
    await sql`
      update conversation_members set last_read_message_id = marks.message_id
      from ${integerRows(db, 'marks', ['conversation_id', 'user_id', 'message_id'], rows)}
      where conversation_members.conversation_id = marks.conversation_id and conversation_members.user_id = marks.user_id
        and conversation_members.last_read_message_id < marks.message_id`.execute(db);
  },

  /** Moves a read marker forward only; returns false when it was already there or beyond. */
  async advanceReadMarker(db: Db, conversationId: number, userId: number, messageId: number): Promise<boolean> {
    const result = await sql`
      update conversation_members set last_read_message_id = ${messageId}
      where conversation_id = ${conversationId} and user_id = ${userId} and last_read_message_id < ${messageId}`.execute(db);
    return Number(result.numAffectedRows ?? 0) > 0;
  },
};
