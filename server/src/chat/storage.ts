import type { Conversation, Message } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import type { MessagesTable } from '../db/schema.js';

type MessageRow = Omit<MessagesTable, 'id'> & { id: number };

const messageColumns = ['id', 'conversation_id', 'sender_id', 'client_id', 'body', 'created_at'] as const;

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    senderId: row.sender_id,
    clientId: row.client_id,
    body: row.body,
    createdAt: row.created_at,
  };
}

export const chatStorage = {
  memberIds: async (db: Db, conversationId: number) =>
    (
      await db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).execute()
    ).map((r) => r.user_id),

  conversationIdsOf: async (db: Db, userId: number) =>
    (await db.selectFrom('conversation_members').select('conversation_id').where('user_id', '=', userId).execute()).map(
      (r) => r.conversation_id,
    ),

  findDirect: (db: Db, key: string) =>
    db.selectFrom('conversations').select('id').where('direct_key', '=', key).executeTakeFirst(),

  async insertConversation(
    db: Db,
    values: { kind: 'direct' | 'group'; title: string; directKey: string | null; memberIds: number[]; now: number },
  ): Promise<number | undefined> {
    const created = await db
      .insertInto('conversations')
      .values({ kind: values.kind, title: values.title, direct_key: values.directKey, created_at: values.now, last_activity_at: values.now })
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

  activeUserCount: async (db: Db, ids: number[]) => {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Inserts the message unless this sender already sent one with this client id; undefined then. */
  insertMessage: (db: Db, values: Omit<MessagesTable, 'id'>) =>
    db
      .insertInto('messages')
      .values(values)
      .onConflict((oc) => oc.columns(['sender_id', 'client_id']).doNothing())
      .returning(messageColumns)
      .executeTakeFirst(),

  findByClientId: (db: Db, senderId: number, clientId: string) =>
    db
      .selectFrom('messages')
      .select(messageColumns)
      .where('sender_id', '=', senderId)
      .where('client_id', '=', clientId)
      .executeTakeFirst(),

  touchConversation: (db: Db, conversationId: number, at: number) =>
    db.updateTable('conversations').set({ last_activity_at: at }).where('id', '=', conversationId).execute(),

  /** Moves a read marker forward only; returns false when it was already there or beyond. */
  async advanceReadMarker(db: Db, conversationId: number, userId: number, messageId: number): Promise<boolean> {
    const result = await db
      .updateTable('conversation_members')
      .set({ last_read_message_id: messageId })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .where('last_read_message_id', '<', messageId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  messageInConversation: (db: Db, conversationId: number, messageId: number) =>
    db
      .selectFrom('messages')
      .select('id')
      .where('id', '=', messageId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst(),

  async history(db: Db, conversationId: number, before: number | undefined, limit: number) {
    let query = db
      .selectFrom('messages')
      .select(messageColumns)
      .where('conversation_id', '=', conversationId)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (before !== undefined) query = query.where('id', '<', before);
    const rows = await query.execute();
    const page = rows.slice(0, limit).reverse().map(toMessage);
    return { messages: page, nextBefore: rows.length > limit ? (page[0]?.id ?? null) : null };
  },

  /** The conversations as one viewer sees them (their unread count), most recent activity first. */
  async views(db: Db, viewerId: number, conversationIds: number[]): Promise<Conversation[]> {
    if (conversationIds.length === 0) return [];
    const conversations = await db
      .selectFrom('conversations')
      .innerJoin('conversation_members as me', (j) =>
        j.onRef('me.conversation_id', '=', 'conversations.id').on('me.user_id', '=', viewerId),
      )
      .select((eb) => [
        'conversations.id',
        'conversations.kind',
        'conversations.title',
        'conversations.last_activity_at',
        eb
          .selectFrom('messages')
          .select((m) => m.fn.countAll<number>().as('n'))
          .whereRef('messages.conversation_id', '=', 'conversations.id')
          .whereRef('messages.id', '>', 'me.last_read_message_id')
          .where('messages.sender_id', '!=', viewerId)
          .as('unread'),
        eb
          .selectFrom('messages')
          .select((m) => m.fn.max('messages.id').as('id'))
          .whereRef('messages.conversation_id', '=', 'conversations.id')
          .as('last_message_id'),
      ])
      .where('conversations.id', 'in', conversationIds)
      .orderBy('conversations.last_activity_at', 'desc')
      .orderBy('conversations.id', 'desc')
      .execute();
    const members = await db
      .selectFrom('conversation_members')
      .innerJoin('users', 'users.id', 'conversation_members.user_id')
      .select(['conversation_members.conversation_id', 'users.id', 'users.name', 'users.extension', 'conversation_members.last_read_message_id'])
      .where('conversation_members.conversation_id', 'in', conversationIds)
      .orderBy('users.name')
      .execute();
    const lastIds = conversations.map((c) => c.last_message_id).filter((id): id is number => id !== null);
    const lastMessages = lastIds.length
      ? await db.selectFrom('messages').select(messageColumns).where('id', 'in', lastIds).execute()
      : [];
    const lastById = new Map(lastMessages.map((m) => [m.id, toMessage(m)]));
    return conversations.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      lastActivityAt: c.last_activity_at,
      unread: Number(c.unread ?? 0),
      lastMessage: c.last_message_id === null ? null : (lastById.get(Number(c.last_message_id)) ?? null),
      members: members
        .filter((m) => m.conversation_id === c.id)
        .map((m) => ({ id: m.id, name: m.name, extension: m.extension, lastReadMessageId: m.last_read_message_id })),
    }));
  },
};
