import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { integerRows } from '../db/dialect.js';
import { Statement } from '../db/statement.js';
import type { MemberRole } from '../db/schema.js';
import { offeredIds, offeredTo, offerText } from './offers.js';

type MemberRow = { conversation_id: number; user_id: number; role: MemberRole };

/** The roles a member row holds: `offered` is the chat's `offered_to` (conversations/offers.ts). */
export type RowRole = Exclude<MemberRole, 'offered'>;

/**
 * The member rows of these conversations (`and role != 'former'` for `active`) with each one's offer (conversations/
 * offers.ts), in one statement: the offer's agents have the role `offered` over a row of their own.
 */
async function withOffers(db: Db, conversationIds: readonly number[], active: boolean): Promise<MemberRow[]> {
  const ids = [...new Set(conversationIds)];
  if (ids.length === 0) return [];
  const { rows } = await new Statement(db)
    .text('select conversation_id, user_id, role, null as offered_to from conversation_members where conversation_id ')
    .isIn(ids, 'integer')
    .text(active ? " and role != 'former'" : '')
    .text(' union all select id, null, null, offered_to from conversations where id ')
    .isIn(ids, 'integer')
    .text(' and offered_to is not null')
    .execute<{ conversation_id: number; user_id: number | null; role: MemberRole | null; offered_to: string | null }>();
  const offered = new Map<number, number[]>();
  for (const row of rows) if (row.offered_to !== null) offered.set(Number(row.conversation_id), offeredIds(row.offered_to));
  const members: MemberRow[] = [];
  for (const row of rows) {
    const conversationId = Number(row.conversation_id);
    if (row.user_id !== null && !offered.get(conversationId)?.includes(row.user_id))
      members.push({ conversation_id: conversationId, user_id: row.user_id, role: row.role! });
  }
  for (const [conversationId, userIds] of offered)
    for (const userId of userIds) members.push({ conversation_id: conversationId, user_id: userId, role: 'offered' });
  return members;
}

/**
 * Who sees a conversation, in which role, archived or not, read how far: the `conversation_members` rows, and the
 * agents a waiting chat is offered to (its `offered_to`). The statements every message runs (active members, read
 * marker) are SQL text: building them cost more than running them.
 */
export const memberStorage = {
  /** Colleagues who see the conversation now (internal members, owner, offered agents). */
  activeMemberIds: async (db: Db, conversationId: number) => (await withOffers(db, [conversationId], true)).map((r) => r.user_id),

  /** Who sees each of several conversations, with their roles, in one statement, by conversation. */
  activeMembersOf: async (db: Db, conversationIds: readonly number[]) => {
    const members = new Map<number, { userId: number; role: MemberRole }[]>(conversationIds.map((id) => [id, []]));
    for (const row of await withOffers(db, conversationIds, true)) members.get(row.conversation_id)?.push({ userId: row.user_id, role: row.role });
    return members;
  },

  allMemberIds: async (db: Db, conversationId: number) => (await withOffers(db, [conversationId], false)).map((r) => r.user_id),

  memberRole: async (db: Db, conversationId: number, userId: number): Promise<MemberRole | undefined> =>
    (
      await sql<{ role: MemberRole | null }>`
        select case when ${offeredTo('c', userId)} then 'offered'
          else (select m.role from conversation_members m where m.conversation_id = c.id and m.user_id = ${userId}) end as role
        from conversations c where c.id = ${conversationId}`.execute(db)
    ).rows[0]?.role ?? undefined,

  /**
   * The conversations the colleague has in their list (`archived`: their archive): their rows, and the chats
   * offered to them, which are never in the archive (an offer to a former owner brings theirs back out).
   */
  conversationIdsOf: async (db: Db, userId: number, archived: boolean) => {
    const offered = offeredTo('c', userId);
    const { rows } = archived
      ? await sql<{ id: number }>`
          select m.conversation_id as id from conversation_members m
          where m.user_id = ${userId} and m.archived = 1
            and not exists (select 1 from conversations c where c.id = m.conversation_id and c.offered_to is not null and ${offered})`.execute(db)
      : await sql<{ id: number }>`
          select conversation_id as id from conversation_members where user_id = ${userId} and archived = 0
          union select c.id from conversations c where c.offered_to is not null and ${offered}`.execute(db);
    return rows.map((r) => Number(r.id));
  },

  members: (db: Db, conversationId: number) => withOffers(db, [conversationId], false),

  /** `members` of several conversations (former ones too), in one statement. */
  membersOfAll: (db: Db, conversationIds: readonly number[]) => withOffers(db, conversationIds, false),

  /** The colleagues in the conversation with their names and roles, by name (Information); the agents it is offered to too. */
  participants: async (db: Db, conversationId: number) => {
    const members = await withOffers(db, [conversationId], false);
    if (members.length === 0) return [];
    const roles = new Map(members.map((m) => [m.user_id, m.role]));
    const users = await db
      .selectFrom('users')
      .select(['id', 'name', 'extension'])
      .where('id', 'in', [...roles.keys()])
      .orderBy('name')
      .execute();
    return users.map((u) => ({ ...u, role: roles.get(u.id)! }));
  },

  setMember: (db: Db, conversationId: number, userId: number, role: RowRole, archived: boolean) =>
    memberStorage.setMembers(db, conversationId, [userId], role, archived),

  /** Gives these colleagues this role in the conversation, in one statement, keeping their read markers. */
  setMembers: (db: Db, conversationId: number, userIds: number[], role: RowRole, archived: boolean) =>
    memberStorage.setMembersOfAll(db, [{ conversationId, userIds }], role, archived),

  /**
   * `setMembers` for several conversations at once (a batch of takes), in one statement whose text is the same
   * for any number of rows (`Statement.table`): written as `values (…), (…)`, each batch's text was new to
   * SQLite's statement cache. Not for offers: an offer is its chat's `offered_to` (`setOffers`).
   */
  async setMembersOfAll(db: Db, entries: readonly { conversationId: number; userIds: readonly number[] }[], role: RowRole, archived: boolean): Promise<void> {
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
   * Offers each chat to exactly these agents (none: to nobody) until `nextRouteAt` (when the router looks at it
   * again), in one statement for a batch of chats: a value of each chat's row (conversations/offers.ts), where it
   * was fifty member rows a chat with Ring all. One statement for both: the two were a round trip and a new row
   * version each, for every chat of every intake batch.
   */
  async setOffers(db: Db, offers: readonly { conversationId: number; userIds: readonly number[]; nextRouteAt: number }[]): Promise<void> {
    if (offers.length === 0) return;
    await new Statement(db)
      .text("update conversations set offered_to = nullif(offer.offered_to, ''), next_route_at = offer.next_route_at from (")
      .table(
        [
          ['conversation_id', 'integer'],
          ['offered_to', 'text'],
          ['next_route_at', 'bigint'],
        ],
        offers.map((o) => [o.conversationId, offerText(o.userIds) ?? '', o.nextRouteAt]),
      )
      .text(') as offer where conversations.id = offer.conversation_id')
      .execute();
  },

  /** Removes these colleagues from the conversation: their rows, and the offer to them if it is offered to them. */
  async removeMembers(db: Db, conversationId: number, userIds: number[]): Promise<void> {
    if (userIds.length === 0) return;
    await new Statement(db)
      .text('delete from conversation_members where conversation_id = ')
      .value(conversationId)
      .text(' and user_id in (')
      .list(userIds)
      .text(')')
      .execute();
    // `,3,7,` less 3 is `,7,`: each id is there once, between commas; none left is `,`.
    const offer = new Statement(db).text('update conversations set offered_to = nullif(');
    for (const _ of userIds) offer.text('replace(');
    offer.text('offered_to');
    for (const id of userIds) offer.text(', ').value(`,${id},`).text(", ',')");
    await offer.text(", ',') where id = ").value(conversationId).text(' and offered_to is not null').execute();
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
