import type { Message } from '@switchboard/protocol';
import { capabilitiesOf } from '../channels/capabilities.js';
import { outboxStorage } from '../channels/outbox/storage.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import { liveEnvelopes } from '../events/live.js';
import { appendCustomerEvent, appendEvents } from '../events/storage.js';
import { fileStorage } from '../files/storage.js';
import { errors } from '../http/errors.js';
import { memberStorage } from './members.js';
import { audienceOf } from './membership.js';
import { insertMessages, type NewMessage } from './messages.js';
import { conversationStorage } from './storage.js';

/** A message as `post` stored it, with the events that deliver it. */
export interface Posted {
  message: Message;
  envelopes: Envelope[];
}

export interface PostItem {
  conversationId: number;
  message: NewMessage;
}

type Routed = PostItem & { viaOutbox: boolean; customerId: number | null; accountId: number | null };

/**
 * Inserts messages into their conversations inside the caller's transaction and writes the events that
 * deliver them: to every colleague who sees the conversation, and to the customer of an external one; a
 * colleague's reply to a messaging-app customer also goes into the outbox (delivery `sending`). One
 * statement per table for all of them (a group-committed batch of sends); they are stored and delivered in
 * the order given. Fails as a whole when one of the conversations is gone (the group commit retries each
 * alone). With `authorsRead`, each colleague who wrote has read up to their message. A plain function of the transaction, so the SQLite writer thread runs the same code (db/offload.ts).
 */
export async function postMessages(trx: Db, items: readonly PostItem[], now: number, options: { authorsRead?: boolean } = {}): Promise<(Posted | undefined)[]> {
  if (items.length === 0) return [];
  const conversationIds = items.map((item) => item.conversationId);
  const targets = await conversationStorage.touchConversations(trx, conversationIds, now);
  const routed = items.map(({ conversationId, message }): Routed => {
    const target = targets.get(conversationId);
    if (!target) throw errors.notFound('Conversation');
    // A colleague's reply to a messaging-app customer goes out through the outbox, and shows how far it got.
    const viaOutbox = message.author === 'user' && target.channel !== null && target.account_id !== null && capabilitiesOf(target.channel).delivery;
    return {
      conversationId,
      message: viaOutbox ? { ...message, delivery: 'sending' as const } : message,
      viaOutbox,
      customerId: target.customer_id,
      accountId: target.account_id,
    };
  });
  const stored = await insertMessages(trx, routed, now);
  for (const [i, message] of stored.entries()) if (message) await attachAndQueue(trx, routed[i]!, message, now);
  const members = await memberStorage.activeMembersOf(trx, conversationIds);
  const audiences = new Map([...members].map(([id, list]) => [id, audienceOf(list)]));
  const created = stored.map((message) => message && ({ type: 'message.created', message } as const));
  const appends = created.flatMap((event, i) => (event ? [{ userIds: audiences.get(routed[i]!.conversationId)!.streamed, event }] : []));
  const envelopes = await appendEvents(trx, appends, now);
  const posted: (Posted | undefined)[] = [];
  let next = 0;
  for (const [i, message] of stored.entries()) {
    if (!message) {
      posted.push(undefined);
      continue;
    }
    const { customerId, conversationId } = routed[i]!;
    // Colleagues the waiting chat is offered to see its messages live (events/live.ts).
    const mine = [...envelopes[next++]!, ...liveEnvelopes(audiences.get(conversationId)!.live, created[i]!)];
    if (customerId !== null) mine.push(await appendCustomerEvent(trx, customerId, { type: 'message.created', message }, now));
    posted.push({ message, envelopes: mine });
  }
  // A colleague who writes has read the conversation up to their own message.
  if (options.authorsRead) {
    const marks = stored.flatMap((message, i) => {
      const { message: sent, conversationId } = routed[i]!;
      return message && sent.author === 'user' ? [{ conversationId, userId: sent.senderId, messageId: message.id }] : [];
    });
    await memberStorage.advanceReadMarkers(trx, marks);
  }
  return posted;
}

/** A stored message's files, and its place in the outbox when it goes out through a messaging app. */
async function attachAndQueue(trx: Db, item: Routed, stored: Message, now: number): Promise<void> {
  const { message } = item;
  if (message.author !== 'system' && message.fileIds?.length) {
    const uploader = message.author === 'user' ? { user: message.senderId } : { customer: message.customerId };
    stored.attachments = await fileStorage.attach(trx, stored.id, item.conversationId, message.fileIds, uploader);
  }
  if (item.viaOutbox) {
    const extra = message.author === 'user' && message.template ? { template: message.template } : {};
    await outboxStorage.add(trx, stored.id, item.accountId!, extra, now);
  }
}
