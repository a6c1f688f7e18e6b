import type { DurableEvent, VisitorDurableEvent } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Envelope, StreamEvent } from './bus.js';
import { rememberWire } from './wire.js';
import { customerRecipient, parseRecipient, userRecipient, type Recipient } from './recipient.js';

type Sequenced = StreamEvent & { seq: number };

/**
 * Written as SQL text rather than with the query builder: this runs for every message to every member.
 *
 * Appends one durable event to each user's stream inside the caller's transaction.
 * The per-user counter row is the lock that keeps every user's seq gap-free and in commit order.
 */
export async function appendEvent(
  trx: Db,
  userIds: readonly number[],
  event: DurableEvent | ((userId: number) => DurableEvent),
  now: number,
): Promise<Envelope[]> {
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  const { rows: counters } = await sql<{ id: number; event_seq: number }>`
    update users set event_seq = event_seq + 1 where id in (${sql.join(ids)}) returning id, event_seq`.execute(trx);
  const payloads = counters.map(({ id }) => (typeof event === 'function' ? event(id) : event));
  const stored = await storePayloads(trx, payloads, now);
  const envelopes: Envelope[] = [];
  const values = counters.map(({ id, event_seq: seq }, i) => {
    const payload = payloads[i]!;
    const { json, sharedId } = stored.get(payload)!;
    const sequenced = { ...payload, seq } as Sequenced;
    rememberWire(sequenced, json);
    envelopes.push({ to: userRecipient(id), event: sequenced });
    return sql`(${id}, ${seq}, ${sharedId === null ? json : ''}, ${sharedId}, ${now})`;
  });
  await sql`insert into events (user_id, seq, payload, payload_id, created_at) values ${sql.join(values)}`.execute(trx);
  return envelopes;
}

/** Recipients of one payload object from which it is stored once and shared (an offer to a queue). */
const SHARE_FROM = 3;

/** Serialises each distinct payload once; one handed to several users is stored once in `event_payloads`. */
async function storePayloads(trx: Db, payloads: DurableEvent[], now: number) {
  const counts = new Map<DurableEvent, number>();
  for (const payload of payloads) counts.set(payload, (counts.get(payload) ?? 0) + 1);
  const stored = new Map<DurableEvent, { json: string; sharedId: number | null }>();
  for (const [payload, count] of counts) {
    const json = JSON.stringify(payload);
    let sharedId: number | null = null;
    if (count >= SHARE_FROM) {
      const { rows } = await sql<{ id: number }>`insert into event_payloads (payload, created_at) values (${json}, ${now}) returning id`.execute(trx);
      sharedId = Number(rows[0]!.id);
    }
    stored.set(payload, { json, sharedId });
  }
  return stored;
}

/** Appends one durable event to a customer's stream (their widget, or later a channel adapter's outbox). */
export async function appendCustomerEvent(trx: Db, customerId: number, event: VisitorDurableEvent, now: number): Promise<Envelope> {
  const { event_seq: seq } = await trx
    .updateTable('customers')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', customerId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('customer_events')
    .values({ customer_id: customerId, seq, payload: JSON.stringify(event), created_at: now })
    .execute();
  return { to: customerRecipient(customerId), event: { ...event, seq } };
}

export async function eventsAfter(db: Db, recipient: Recipient, afterSeq: number, limit: number): Promise<Sequenced[]> {
  const { kind, id } = parseRecipient(recipient);
  const rows =
    kind === 'user'
      ? await db
          .selectFrom('events')
          .leftJoin('event_payloads', 'event_payloads.id', 'events.payload_id')
          .select((eb) => ['events.seq', eb.fn.coalesce('event_payloads.payload', 'events.payload').as('payload')])
          .where('events.user_id', '=', id)
          .where('events.seq', '>', afterSeq)
          .orderBy('events.seq')
          .limit(limit)
          .execute()
      : await db
          .selectFrom('customer_events')
          .select(['seq', 'payload'])
          .where('customer_id', '=', id)
          .where('seq', '>', afterSeq)
          .orderBy('seq')
          .limit(limit)
          .execute();
  return rows.map((r) => ({ ...(JSON.parse(r.payload) as StreamEvent), seq: r.seq }) as Sequenced);
}

export async function currentSeq(db: Db, recipient: Recipient): Promise<number> {
  const { kind, id } = parseRecipient(recipient);
  const row =
    kind === 'user'
      ? await db.selectFrom('users').select('event_seq').where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('customers').select('event_seq').where('id', '=', id).executeTakeFirst();
  return row?.event_seq ?? 0;
}

export async function pruneEvents(db: Db, olderThan: number): Promise<number> {
  const users = await db.deleteFrom('events').where('created_at', '<', olderThan).executeTakeFirst();
  // Written in the same transactions as the events pointing at them, with the same time: pruned alike.
  await db.deleteFrom('event_payloads').where('created_at', '<', olderThan).execute();
  const customers = await db.deleteFrom('customer_events').where('created_at', '<', olderThan).executeTakeFirst();
  return Number(users.numDeletedRows) + Number(customers.numDeletedRows);
}
