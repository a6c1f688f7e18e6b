import type { Channel } from '@switchboard/protocol';
import type { Db } from '../db/database.js';

export const customerChatStorage = {
  /** The customer's chat through this account (a merged customer has one per account they wrote through). */
  conversationOf: (db: Db, customerId: number, accountId: number) =>
    db
      .selectFrom('conversations')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('account_id', '=', accountId)
      .orderBy('id', 'desc')
      .executeTakeFirst(),

  insertExternal: (db: Db, values: { channel: Channel; customerId: number; accountId: number; title: string; now: number }) =>
    db
      .insertInto('conversations')
      .values({
        kind: 'external',
        title: values.title,
        channel: values.channel,
        customer_id: values.customerId,
        account_id: values.accountId,
        state: 'closed',
        created_at: values.now,
        last_activity_at: values.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),

  conversationIdsOfCustomer: async (db: Db, customerId: number) =>
    (await db.selectFrom('conversations').select('id').where('customer_id', '=', customerId).execute()).map((r) => r.id),

  /** A merge: the chats of one customer become another's (their history and sessions unchanged). */
  moveToCustomer: (db: Db, from: number, into: number) => db.updateTable('conversations').set({ customer_id: into }).where('customer_id', '=', from).execute(),

  customer: (db: Db, id: number) => db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst(),

  setArchived: (db: Db, conversationId: number, userId: number, archived: boolean) =>
    db
      .updateTable('conversation_members')
      .set({ archived: Number(archived) })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),

  deleteConversation: (db: Db, id: number) => db.deleteFrom('conversations').where('id', '=', id).execute(),

  sessions: (db: Db, conversationId: number) =>
    db
      .selectFrom('chat_sessions')
      .leftJoin('users', 'users.id', 'chat_sessions.taken_by')
      .select(['chat_sessions.id', 'opened_at', 'closed_at', 'close_reason', 'taken_by', 'users.name as taken_by_name'])
      .where('conversation_id', '=', conversationId)
      .orderBy('chat_sessions.id')
      .execute(),

  participants: (db: Db, conversationId: number) =>
    db
      .selectFrom('conversation_members')
      .innerJoin('users', 'users.id', 'conversation_members.user_id')
      .select(['users.id', 'users.name', 'users.extension', 'conversation_members.role'])
      .where('conversation_id', '=', conversationId)
      .orderBy('users.name')
      .execute(),

  isBlocked: async (db: Db, ip: string) => (await db.selectFrom('ip_blocks').select('id').where('ip', '=', ip).executeTakeFirst()) !== undefined,

  block: (db: Db, ip: string, createdBy: number, customerName: string, now: number) =>
    db
      .insertInto('ip_blocks')
      .values({ ip, created_by: createdBy, customer_name: customerName, created_at: now })
      .onConflict((oc) => oc.column('ip').doNothing())
      .execute(),
};
