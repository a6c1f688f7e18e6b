import type { Attachment, Delivery, Message, SystemNote } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { MessagesTable } from '../db/schema.js';
import { fileStorage } from '../files/storage.js';

type MessageRow = Omit<MessagesTable, 'id' | 'author_key'> & { id: number };

export const messageColumns = [
  'id',
  'conversation_id',
  'author',
  'sender_id',
  'sender_name',
  'client_id',
  'body',
  'system',
  'created_at',
  'external_id',
  'delivery_state',
  'delivery_error',
  'delivery_at',
  'edited_at',
  'deleted_at',
] as const;
const RETURNING = sql.raw(messageColumns.join(', '));

function toDelivery(row: MessageRow): Delivery | null {
  if (row.delivery_state === null) return null;
  const error = row.delivery_error ? (JSON.parse(row.delivery_error) as { code: string; message: string }) : null;
  return { state: row.delivery_state, error, at: row.delivery_at ?? row.created_at };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author: row.author,
    senderId: row.sender_id,
    senderName: row.sender_name,
    clientId: row.client_id,
    body: row.body,
    system: row.system ? (JSON.parse(row.system) as SystemNote) : null,
    createdAt: row.created_at,
    attachments: [],
    delivery: toDelivery(row),
    reactions: [],
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
  };
}

const reactionsOf = prepared((db: Db, ids: number[]) =>
  db.selectFrom('message_reactions').select(['message_id', 'emoji', 'by_name', 'by_customer']).where('message_id', 'in', ids).orderBy('created_at'),
);

/**
 * Selected with a message's columns: whether it has files or reactions at all (0/1 on SQLite, a boolean on
 * PostgreSQL). Most messages have neither, and a message read to be shown (a conversation's last message,
 * in every view of it sent when a chat is offered or taken) then costs one statement instead of three.
 */
export const hasFiles = sql<number | boolean>`exists (select 1 from message_files mf where mf.message_id = messages.id)`.as('has_files');
export const hasReactions = sql<number | boolean>`exists (select 1 from message_reactions mr where mr.message_id = messages.id)`.as('has_reactions');

type FlaggedRow = MessageRow & { has_files: number | boolean; has_reactions: number | boolean };

const messagesById = prepared((db: Db, ids: number[]) =>
  db.selectFrom('messages').select(messageColumns).select([hasFiles, hasReactions]).where('id', 'in', ids),
);

/**
 * Messages read with `hasFiles` and `hasReactions`, with the files sent with them and the reactions on them:
 * one query each, for the messages that have any.
 */
export async function messagesOf(db: Db, rows: FlaggedRow[]): Promise<Message[]> {
  const withFiles = rows.filter((r) => r.has_files).map((r) => r.id);
  const withReactions = rows.filter((r) => r.has_reactions).map((r) => r.id);
  const byMessage = withFiles.length ? await fileStorage.attachmentsOf(db, withFiles) : new Map<number, Attachment[]>();
  const reactions = withReactions.length ? await reactionsOf(db, withReactions) : [];
  return rows.map((row) => {
    const message = toMessage(row);
    // A deleted message keeps nothing to show: its files go with its text.
    message.attachments = message.deletedAt ? [] : (byMessage.get(message.id) ?? []);
    message.reactions = reactions
      .filter((r) => r.message_id === message.id)
      .map((r) => ({ emoji: r.emoji, byName: r.by_name, byCustomer: r.by_customer === 1 }));
    return message;
  });
}

export type NewMessage =
  | {
      author: 'user';
      senderId: number;
      senderName: string;
      clientId: string;
      body: string;
      fileIds?: number[];
      delivery?: 'sending';
      /** A template message to a messaging-app customer (the body is its rendered text). */
      template?: { name: string; language: string; parameters: string[] };
    }
  | { author: 'customer'; customerId: number; senderName: string; clientId: string; body: string; fileIds?: number[]; externalId?: string }
  /** `clientId`/`externalId`: a line told by a provider (a reply written in Meta's Page inbox), stored once by its id. */
  | { author: 'system'; note: SystemNote; body: string; clientId?: string; externalId?: string };

/** Rows per insert statement (12 parameters each, far below either database's limit). */
const INSERT_CHUNK = 200;

/**
 * Inserts messages in one statement, in the order given (their ids ascend in that order); each answers
 * undefined when its author already sent one with its client id (also earlier in the same list).
 * Written as SQL text rather than with the query builder: it runs for every message sent, and
 * building the query cost more than running it.
 */
export async function insertMessages(db: Db, items: readonly { conversationId: number; message: NewMessage }[], now: number): Promise<(Message | undefined)[]> {
  const rows = items.map(({ conversationId, message }) => messageRow(conversationId, message, now));
  const inserted = new Map<string, Message>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const values = rows
      .slice(i, i + INSERT_CHUNK)
      .map(
        (r) =>
          sql`(${r.conversationId}, ${r.author}, ${r.senderId}, ${r.senderName}, ${r.authorKey}, ${r.clientId}, ${r.body}, ${r.system}, ${now}, ${r.delivery}, ${r.deliveryAt}, ${r.externalId})`,
      );
    const { rows: stored } = await sql<MessageRow & { author_key: string }>`
      insert into messages (conversation_id, author, sender_id, sender_name, author_key, client_id, body, system, created_at, delivery_state, delivery_at, external_id)
      values ${sql.join(values)}
      on conflict (author_key, client_id) do nothing
      returning author_key, ${RETURNING}`.execute(db);
    for (const row of stored) inserted.set(`${row.author_key} ${row.client_id}`, toMessage(row));
  }
  // RETURNING's order is not promised: each row goes back to the first item with its author and client id.
  return rows.map((r) => {
    const key = `${r.authorKey} ${r.clientId}`;
    const message = inserted.get(key);
    inserted.delete(key);
    return message;
  });
}

function messageRow(conversationId: number, message: NewMessage, now: number) {
  const delivery = message.author === 'user' ? (message.delivery ?? null) : null;
  return {
    conversationId,
    author: message.author,
    senderId: message.author === 'user' ? message.senderId : null,
    senderName: message.author === 'system' ? '' : message.senderName,
    authorKey: message.author === 'user' ? `u${message.senderId}` : message.author === 'customer' ? `c${message.customerId}` : 's',
    clientId: message.author === 'system' ? (message.clientId ?? `sys-${now}-${Math.random().toString(36).slice(2)}`) : message.clientId,
    body: message.body,
    system: message.author === 'system' ? JSON.stringify(message.note) : null,
    delivery,
    deliveryAt: delivery ? now : null,
    externalId: message.author === 'user' ? null : (message.externalId ?? null),
  };
}

export async function findByClientId(db: Db, authorKey: string, clientId: string): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .select(messageColumns)
    .select([hasFiles, hasReactions])
    .where('author_key', '=', authorKey)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? (await messagesOf(db, [row]))[0] : undefined;
}

export async function history(db: Db, conversationId: number, before: number | undefined, limit: number) {
  let query = db
    .selectFrom('messages')
    .select(messageColumns)
    .select([hasFiles, hasReactions])
    .where('conversation_id', '=', conversationId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.execute();
  const page = await messagesOf(db, rows.slice(0, limit).reverse());
  return { messages: page, nextBefore: rows.length > limit ? (page[0]?.id ?? null) : null };
}

export async function lastMessages(db: Db, ids: number[]): Promise<Map<number, Message>> {
  if (ids.length === 0) return new Map();
  const messages = await messagesOf(db, await messagesById(db, ids));
  return new Map(messages.map((m) => [m.id, m]));
}

/** Replaces a message's text (its author's edit); the search index follows by itself (0009's trigger or generated column). */
export async function editMessage(db: Db, messageId: number, body: string, now: number): Promise<void> {
  await sql`update messages set body = ${body}, edited_at = ${now} where id = ${messageId} and deleted_at is null`.execute(db);
}

/** Deletes a message for everyone: the row stays (its place in the history, "deleted"), its text goes. */
export async function deleteMessage(db: Db, messageId: number, now: number): Promise<void> {
  await sql`update messages set body = '', deleted_at = ${now} where id = ${messageId} and deleted_at is null`.execute(db);
}

/** What the edit rule needs about a message (and its conversation's kind). */
export const messageFacts = (db: Db, messageId: number) =>
  db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.id', 'm.conversation_id', 'm.sender_id', 'm.author', 'm.created_at', 'm.deleted_at', 'c.kind'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();

export const messageInConversation = (db: Db, conversationId: number, messageId: number) =>
  db.selectFrom('messages').select('id').where('id', '=', messageId).where('conversation_id', '=', conversationId).executeTakeFirst();
