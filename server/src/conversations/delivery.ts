import type { DeliveryState, Message } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import { publishToMembers } from './membership.js';
import { hasFiles, hasReactions, messageColumns, messagesOf } from './messages.js';

/** How far a delivery got: a later status never moves it back (webhooks arrive out of order). */
const RANK: Record<DeliveryState, number> = { sending: 0, failed: 1, sent: 2, delivered: 3, read: 4 };
const STATES = Object.keys(RANK) as DeliveryState[];

/** Forward only; `failed` from sending or sent; `sending` again only to retry a failed one. */
function movesTo(from: DeliveryState, to: DeliveryState): boolean {
  if (to === 'sending') return from === 'failed';
  if (to === 'failed') return RANK[from] <= RANK.sent && from !== 'failed';
  return RANK[to] > RANK[from];
}

export const deliveryStorage = {
  messageById: async (db: Db, id: number): Promise<Message | undefined> => {
    const row = await db.selectFrom('messages').select(messageColumns).select([hasFiles, hasReactions]).where('id', '=', id).executeTakeFirst();
    return row ? (await messagesOf(db, [row]))[0] : undefined;
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
    // One conditional update, not a read and then a write: two statuses of one message handled at once (Meta
    // sends "read" and a late "delivered" within milliseconds) both read "sent", and the later commit won, moving
    // it back. Now the second waits for the first's row lock and, on PostgreSQL, judges the row as committed.
    const from = STATES.filter((current) => movesTo(current, state));
    const result = await db
      .updateTable('messages')
      .set({ delivery_state: state, delivery_at: at, delivery_error: error ? JSON.stringify(error) : null })
      .where('id', '=', messageId)
      .where('delivery_state', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /**
   * A provider's watermark (Messenger: "delivered/read everything up to this time"): our messages in the
   * conversation written by then and not yet that far move to `state`; answers the ids that changed.
   * Messages still `sending` or `failed` stay: the provider cannot have them.
   */
  async upTo(db: Db, conversationId: number, state: 'delivered' | 'read', at: number): Promise<number[]> {
    const below = state === 'read' ? ['sent', 'delivered'] : ['sent'];
    const rows = await db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('author', '=', 'user')
      .where('delivery_state', 'in', below as DeliveryState[])
      .where('created_at', '<=', at)
      .execute();
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    // Conditional again, as in setState: a status handled at the same time may have moved some of them further.
    const moved = await db
      .updateTable('messages')
      .set({ delivery_state: state, delivery_at: at })
      .where('id', 'in', ids)
      .where('delivery_state', 'in', below as DeliveryState[])
      .returning('id')
      .execute();
    return moved.map((r) => r.id);
  },

  /** Whether a reply of ours in the conversation is still on its way (its provider id not known yet). */
  sendingIn: async (db: Db, conversationId: number): Promise<boolean> =>
    (await db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('delivery_state', '=', 'sending')
      .limit(1)
      .executeTakeFirst()) !== undefined,

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
  return publishToMembers(trx, message.conversationId, { type: 'message.updated', message }, now);
}
