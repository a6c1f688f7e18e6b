import type { DurableEvent, VisitorDurableEvent } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Envelope, StreamEvent } from './bus.js';
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
  // A payload object handed out for several users is serialised once (an offer to a whole queue).
  const serialised = new Map<DurableEvent, string>();
  const envelopes: Envelope[] = [];
  const rows = counters.map(({ id, event_seq: seq }) => {
    const payload = typeof event === 'function' ? event(id) : event;
    envelopes.push({ to: userRecipient(id), event: { ...payload, seq } as Sequenced });
    let json = serialised.get(payload);
    if (json === undefined) {
      json = JSON.stringify(payload);
      serialised.set(payload, json);
    }
    return { user_id: id, seq, payload: json, created_at: now };
  });
  const values = rows.map((r) => sql`(${r.user_id}, ${r.seq}, ${r.payload}, ${r.created_at})`);
  await sql`insert into events (user_id, seq, payload, created_at) values ${sql.join(values)}`.execute(trx);
  return envelopes;
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
      ? await db.selectFrom('events').select(['seq', 'payload']).where('user_id', '=', id).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()
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
  const customers = await db.deleteFrom('customer_events').where('created_at', '<', olderThan).executeTakeFirst();
  return Number(users.numDeletedRows) + Number(customers.numDeletedRows);
}
