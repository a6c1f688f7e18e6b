import type { Channel } from '@switchboard/protocol';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import { dialectOf } from '../db/dialect.js';
import { Statement } from '../db/statement.js';
import type { ChannelTypeName, ConversationsTable } from '../db/schema.js';
import { customerStorage } from '../customers/storage.js';

/** What a change may set on a conversation row (routing state, owner, activity). */
export type ConversationChanges = Partial<{
  state: 'queued' | 'owned' | 'closed';
  queue_id: number | null;
  owner_id: number | null;
  last_owner_id: number | null;
  waiting_since: number | null;
  offer_round: number;
  next_route_at: number | null;
  offline_replied: number;
  last_activity_at: number;
  /** A group chat's title. */
  title: string;
}>;

type RowChanges = ConversationChanges & { offered_to?: null };

/**
 * A change that takes the chat out of the queue withdraws its offer (conversations/offers.ts): an agent it was
 * offered to has no role left in it. Applied before the prepared statements (db/prepared.ts), which are built
 * from stand-ins for the values.
 */
function withOfferCleared(changes: ConversationChanges): RowChanges {
  return changes.state !== undefined && changes.state !== 'queued' ? { ...changes, offered_to: null } : changes;
}

/** The `conversations` rows: the only place that writes them. */
/** The row, locked for the rest of the transaction (a no-op update: SQLite has no `for update`). */
const lockRow = prepared((db: Db, id: number) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ offer_round: eb.ref('offer_round') }))
    .where('id', '=', id)
    .returningAll(),
);

const updateRow = prepared((db: Db, id: number, changes: RowChanges) => db.updateTable('conversations').set(changes).where('id', '=', id));

const updateReturningRow = prepared((db: Db, id: number, changes: RowChanges) =>
  db.updateTable('conversations').set(changes).where('id', '=', id).returningAll(),
);

/** The customer's latest conversation on the account, found and locked in one statement (see `lockRow`). */
const lockCustomerConversation = prepared((db: Db, customerId: number, accountId: number) =>
  db
    .updateTable('conversations')
    .set((eb) => ({ offer_round: eb.ref('offer_round') }))
    .where(
      'id',
      '=',
      db.selectFrom('conversations').select('id').where('customer_id', '=', customerId).where('account_id', '=', accountId).orderBy('id', 'desc').limit(1),
    )
    .returningAll(),
);

const customerConversation = prepared((db: Db, customerId: number, accountId: number) =>
  db.selectFrom('conversations').selectAll().where('customer_id', '=', customerId).where('account_id', '=', accountId).orderBy('id', 'desc').limit(1),
);

export const conversationStorage = {
  /** SQL text: asked on every action on a chat, and for every refused Take. */
  find: async (db: Db, id: number) => (await sql<Selectable<ConversationsTable>>`select * from conversations where id = ${id}`.execute(db)).rows[0],

  findDirect: (db: Db, key: string) => db.selectFrom('conversations').select('id').where('direct_key', '=', key).executeTakeFirst(),

  /** Locks the conversation row for this transaction (a no-op update) and returns it. */
  lock: async (db: Db, id: number) => (await lockRow(db, id))[0],

  /** `lock` for several conversations in one statement; by id. */
  lockAll: async (db: Db, ids: readonly number[]) => {
    if (ids.length === 0) return new Map<number, ConversationRow>();
    const rows =
      ids.length === 1
        ? await lockRow(db, ids[0]!)
        : await db
            .updateTable('conversations')
            .set((eb) => ({ offer_round: eb.ref('offer_round') }))
            .where('id', 'in', ids)
            .returningAll()
            .execute();
    return new Map(rows.map((row) => [row.id, row]));
  },

  update: (db: Db, id: number, changes: ConversationChanges) => updateRow(db, id, withOfferCleared(changes)),

  /** `update`, answering the row as it is after it (locked, as by `lock`), in the same statement. */
  updateAndLock: async (db: Db, id: number, changes: ConversationChanges) => (await updateReturningRow(db, id, withOfferCleared(changes)))[0],

  /** A direct or group chat with its members; undefined when a direct chat with this key was created meanwhile. */
  async insertInternal(
    db: Db,
    values: { kind: 'direct' | 'group'; title: string; directKey: string | null; memberIds: number[]; now: number; createdBy: number },
  ): Promise<number | undefined> {
    const created = await db
      .insertInto('conversations')
      .values({
        kind: values.kind,
        title: values.title,
        direct_key: values.directKey,
        created_at: values.now,
        last_activity_at: values.now,
        created_by: values.kind === 'group' ? values.createdBy : null,
      })
      .onConflict((oc) => oc.column('direct_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) return undefined;
    await db
      .insertInto('conversation_members')
      .values(values.memberIds.map((user_id) => ({ conversation_id: created.id, user_id, last_read_message_id: 0 })))
      .execute();
    return created.id;
  },

  /** The customer's chat through this account (a merged customer has one per account they wrote through). */
  conversationOf: async (db: Db, customerId: number, accountId: number) => (await customerConversation(db, customerId, accountId))[0],

  /**
   * `conversationOf` for several customers, each locked for the rest of the transaction, in one statement; by
   * `customerKey`. One customer asks with the prepared statement (every message of a messaging app comes here).
   */
  async lockConversationsOf(db: Db, customers: readonly { customerId: number; accountId: number }[]): Promise<Map<string, ConversationRow>> {
    if (customers.length === 0) return new Map();
    if (customers.length === 1) {
      const [{ customerId, accountId }] = customers as [{ customerId: number; accountId: number }];
      const [row] = await lockCustomerConversation(db, customerId, accountId);
      return new Map(row ? [[customerKey(customerId, accountId), row]] : []);
    }
    // The customers as a table, not an `or` per customer: the same text for any number of them, which PostgreSQL
    // plans once (in a burst's log, parsing and planning the `or` form took longer than running it).
    const { rows } = await new Statement(db)
      .text('update conversations set offer_round = offer_round where id in (select max(c.id) from conversations c inner join (')
      .table(
        [
          ['customer_id', 'integer'],
          ['account_id', 'integer'],
        ],
        customers.map((c) => [c.customerId, c.accountId]),
      )
      .text(') asked on c.customer_id = asked.customer_id and c.account_id = asked.account_id group by c.customer_id, c.account_id) returning *')
      .execute<ConversationRow>();
    return new Map(rows.map((row) => [customerKey(row.customer_id!, row.account_id!), row]));
  },

  /**
   * PostgreSQL: waits, until no other transaction is creating a chat for any of these customers on these accounts,
   * then holds that right until this one ends (an advisory lock per customer and account, taken in order), and
   * looks their chats up again, each locked (`lockConversationsOf`). A customer's first messages can reach two
   * nodes at once: both looked, found nothing, and created a chat each, until PostgreSQL broke the deadlock
   * their event counters then made, a second later. Now the second waits for the first and finds its chat (the
   * lookup is a statement of its own after the lock, so it sees what the other committed). Only chats not found
   * come here: a customer's later messages find theirs. SQLite: one writer at a time, nobody else creating.
   */
  async lockCreation(db: Db, customers: readonly { customerId: number; accountId: number }[]): Promise<Map<string, ConversationRow>> {
    if (customers.length === 0 || dialectOf(db) !== 'postgres') return new Map();
    await new Statement(db)
      .text(
        "select count(pg_advisory_xact_lock(k)) from (select distinct hashtextextended('switchboard new chat ' || customer_id || ' ' || account_id, 0) as k from (",
      )
      .table(
        [
          ['customer_id', 'integer'],
          ['account_id', 'integer'],
        ],
        customers.map((c) => [c.customerId, c.accountId]),
      )
      .text(') as asked order by k) as ordered')
      .execute();
    return conversationStorage.lockConversationsOf(db, customers);
  },

  /** New customer chats (closed until routed), in any order; one statement whose text is the same for any number. */
  insertExternals: async (db: Db, values: readonly { channel: Channel; customerId: number; accountId: number; title: string; now: number }[]) =>
    (
      await new Statement(db)
        .text(
          "insert into conversations (kind, title, channel, customer_id, account_id, state, created_at, last_activity_at) select 'external', title, channel, customer_id, account_id, 'closed', created_at, created_at from (",
        )
        .table(
          [
            ['title', 'text'],
            ['channel', 'text'],
            ['customer_id', 'integer'],
            ['account_id', 'integer'],
            ['created_at', 'bigint'],
          ],
          values.map((v) => [v.title, v.channel, v.customerId, v.accountId, v.now]),
        )
        .text(') v returning *')
        .execute<ConversationRow>()
    ).rows,

  /** `updateAndLock` for several conversations given the same changes, in one statement (any order). */
  updateAndLockAll: (db: Db, ids: readonly number[], changes: ConversationChanges) =>
    ids.length === 1
      ? updateReturningRow(db, ids[0]!, withOfferCleared(changes))
      : db.updateTable('conversations').set(withOfferCleared(changes)).where('id', 'in', ids).returningAll().execute(),

  /** `update` for several conversations given the same changes. */
  updateAll: (db: Db, ids: readonly number[], changes: ConversationChanges) =>
    ids.length === 1
      ? updateRow(db, ids[0]!, withOfferCleared(changes))
      : db.updateTable('conversations').set(withOfferCleared(changes)).where('id', 'in', ids).execute(),

  /**
   * Gives each conversation its owner, in one statement: a queued one is owned from now (no longer waiting or
   * routed) and offered to nobody; one that is not waiting (a former owner taking back a closed chat) changes
   * only its owner.
   */
  async setOwners(db: Db, owners: readonly { conversationId: number; userId: number }[]): Promise<void> {
    if (owners.length === 0) return;
    await new Statement(db)
      .text(`update conversations set owner_id = owner.user_id,
        waiting_since = case when state = 'queued' then null else waiting_since end,
        next_route_at = case when state = 'queued' then null else next_route_at end,
        offered_to = null,
        state = case when state = 'queued' then 'owned' else state end
      from (`)
      .table(
        [
          ['conversation_id', 'integer'],
          ['user_id', 'integer'],
        ],
        owners.map((o) => [o.conversationId, o.userId]),
      )
      .text(') as owner where conversations.id = owner.conversation_id')
      .execute();
  },

  /** Deletes the conversation; its members, sessions, messages and their files go with it (cascade). */
  delete: (db: Db, id: number) => db.deleteFrom('conversations').where('id', '=', id).execute(),

  /** Marks conversations active now (a message was posted), rows locked in id order; what posting needs of each, by id. */
  touchConversations: async (db: Db, conversationIds: readonly number[], at: number) => {
    const ids = [...new Set(conversationIds)].sort((a, b) => a - b);
    const { rows } = await new Statement(db)
      .text('update conversations set last_activity_at = ')
      .value(at)
      .text(' where id ')
      .isIn(ids, 'integer')
      .text(' returning id, customer_id, channel, account_id')
      .execute<{ id: number; customer_id: number | null; channel: ChannelTypeName | null; account_id: number | null }>();
    return new Map(rows.map((row) => [Number(row.id), row]));
  },

  /** What a reply needs checked before it is stored: for a customer chat, its channel, account and customer. */
  sendTarget: async (db: Db, conversationId: number) =>
    (
      await sql<{ customer_id: number | null; channel: ChannelTypeName | null; account_id: number | null }>`
        select customer_id, channel, account_id from conversations where id = ${conversationId}`.execute(db)
    ).rows[0],

  conversationIdsOfCustomer: async (db: Db, customerId: number) =>
    (await db.selectFrom('conversations').select('id').where('customer_id', '=', customerId).execute()).map((r) => r.id),

  /** A merge: the chats of one customer become another's (their history and sessions unchanged). */
  moveToCustomer: (db: Db, from: number, into: number) => db.updateTable('conversations').set({ customer_id: into }).where('customer_id', '=', from).execute(),

  /** Whether this is a customer chat whose customer is blocked on its account (their number, or their IP). */
  async customerBlocked(db: Db, conversationId: number): Promise<boolean> {
    const conversation = await db.selectFrom('conversations').select(['customer_id', 'account_id']).where('id', '=', conversationId).executeTakeFirst();
    if (!conversation || conversation.customer_id === null) return false;
    return customerStorage.blockedOn(db, conversation.customer_id, conversation.account_id);
  },

  userName: async (db: Db, id: number) => (await sql<{ name: string }>`select name from users where id = ${id}`.execute(db)).rows[0]?.name,
};

export type ConversationRow = Selectable<ConversationsTable>;

/** How `lockConversationsOf` keys its answer: a customer on one account. */
export const customerKey = (customerId: number, accountId: number): string => `${customerId}:${accountId}`;
