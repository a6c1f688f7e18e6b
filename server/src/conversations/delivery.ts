import type { DeliveryState, Message } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import { appendEvent } from '../events/storage.js';
import { memberStorage } from './members.js';
import { messageColumns, toMessage, withAttachments } from './messages.js';

/** How far a delivery got: a later status never moves it back (webhooks arrive out of order). */
const RANK: Record<DeliveryState, number> = { sending: 0, failed: 1, sent: 2, delivered: 3, read: 4 };

export const deliveryStorage = {
  messageById: async (db: Db, id: number): Promise<Message | undefined> => {
    const row = await db.selectFrom('messages').select(messageColumns).where('id', '=', id).executeTakeFirst();
    return row ? (await withAttachments(db, [toMessage(row)]))[0] : undefined;
  },

  /** A message of this conversation by the provider's id (a wamid…). */
  byExternalId: (db: Db, externalId: string, conversationIds?: number[]) =>
    db
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'delivery_state'])
      .where('external_id', '=', externalId)
      .$if(conversationIds !== undefined, (q) => q.where('conversation_id', 'in', conversationIds!.length ? conversationIds! : [0]))
      .executeTakeFirst(),

  /**
   * Moves a message's delivery state forward (sending → sent → delivered → read; failed from sending or
   * sent); answers whether it changed. `sending` again is only for a retry of a failed one.
   */
  async setState(db: Db, messageId: number, state: DeliveryState, at: number, error: { code: string; message: string } | null = null): Promise<boolean> {
    const current = await db.selectFrom('messages').select('delivery_state').where('id', '=', messageId).executeTakeFirst();
    if (!current || current.delivery_state === null) return false;
    const from = current.delivery_state;
    const allowed = state === 'sending' ? from === 'failed' : state === 'failed' ? RANK[from] <= RANK.sent && from !== 'failed' : RANK[state] > RANK[from];
    if (!allowed) return false;
    await db
      .updateTable('messages')
      .set({ delivery_state: state, delivery_at: at, delivery_error: error ? JSON.stringify(error) : null })
      .where('id', '=', messageId)
      .execute();
    return true;
  },

  setExternalId: (db: Db, messageId: number, externalId: string) =>
    db.updateTable('messages').set({ external_id: externalId }).where('id', '=', messageId).execute(),

  /** One reaction per person and message: a new one replaces it, '' removes it. */
  async react(db: Db, messageId: number, reactor: { key: string; name: string; customer: boolean }, emoji: string, at: number): Promise<void> {
    await db.deleteFrom('message_reactions').where('message_id', '=', messageId).where('reactor_key', '=', reactor.key).execute();
    if (emoji === '') return;
    await db
      .insertInto('message_reactions')
      .values({ message_id: messageId, reactor_key: reactor.key, by_name: reactor.name, by_customer: Number(reactor.customer), emoji, created_at: at })
      .execute();
  },

  /** The latest customer message with a provider id up to this one (what "read up to here" tells the provider). */
  latestInboundExternalId: async (db: Db, conversationId: number, upToMessageId: number) =>
    (
      await sql<{ external_id: string }>`
        select external_id from messages where conversation_id = ${conversationId} and id <= ${upToMessageId}
        and author = 'customer' and external_id is not null order by id desc limit 1`.execute(db)
    ).rows[0]?.external_id,
};

/** Tells everyone who sees the conversation that a message changed (its delivery state, its reactions). */
export async function publishMessageUpdate(trx: Db, messageId: number, now: number): Promise<Envelope[]> {
  const message = await deliveryStorage.messageById(trx, messageId);
  if (!message) return [];
  const members = await memberStorage.activeMemberIds(trx, message.conversationId);
  return appendEvent(trx, members, { type: 'message.updated', message }, now);
}
