import type { DurableEvent, VisitorDurableEvent } from '@switchboard/protocol';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.js';
import { idsLockedInOrder } from '../db/dialect.js';
import { prepared } from '../db/prepared.js';
import type { Envelope, StreamEvent } from './bus.js';
import { rememberWire } from './wire.js';
import { customerRecipient, parseRecipient, userRecipient, type Recipient } from './recipient.js';

type Sequenced = StreamEvent & { seq: number };

/** One event for some users: the same payload for all, or one made per user. */
export interface EventAppend {
  userIds: readonly number[];
  event: DurableEvent | ((userId: number) => DurableEvent);
}

/**
 * Appends one durable event to each user's stream inside the caller's transaction.
 * The per-user counter row is the lock that keeps every user's seq gap-free and in commit order.
 */
export async function appendEvent(
  trx: Db,
  userIds: readonly number[],
  event: DurableEvent | ((userId: number) => DurableEvent),
  now: number,
): Promise<Envelope[]> {
  return (await appendEvents(trx, [{ userIds, event }], now))[0]!;
}

/** Rows of the events table per insert statement (5 parameters each, far below either database's limit). */
const INSERT_CHUNK = 500;

/** Appends made, with the envelopes handed back for them, waiting for their transaction's end. */
interface Pending {
  now: number;
  made: { userId: number; payload: DurableEvent; sequenced: Sequenced }[][];
}

const deferred = new WeakMap<Db, Pending[]>();

/**
 * From now on, events appended in this transaction are written at its end (`flushEvents`, which db/transaction.ts
 * calls before the commit). Each user's counter row is the lock that orders their stream; taken at the first
 * append, it was held through the rest of the transaction, and two transactions that appended to overlapping
 * colleagues in different orders deadlocked on PostgreSQL (an offer and a take in a burst of live chats). At the
 * end, every counter a transaction needs is locked at once, in id order, just before the commit.
 */
export function deferEvents(trx: Db): void {
  deferred.set(trx, []);
}

/** Writes the events appended since the last flush (see `deferEvents`); their envelopes get their seqs now. */
export async function flushEvents(trx: Db): Promise<void> {
  const pending = deferred.get(trx);
  if (!pending?.length) return;
  deferred.set(trx, []);
  await writeEvents(trx, pending);
}

/** Forgets the events appended since the last flush: the work that appended them was rolled back. */
export function discardEvents(trx: Db): void {
  if (deferred.has(trx)) deferred.set(trx, []);
}

/**
 * Appends several events at once (a group-committed batch of messages): one counter update, one insert of
 * shared payloads and one insert of events for all of them, instead of three statements per event. A user
 * who receives several gets consecutive seqs in the order of `appends`. Answers each append's envelopes;
 * in a transaction that defers its events their seqs are set when it flushes, before it commits (an envelope
 * for a user deleted meanwhile keeps seq 0, which every connection skips as already sent).
 *
 * Written as SQL text rather than with the query builder: this runs for every message to every member.
 */
export async function appendEvents(trx: Db, appends: readonly EventAppend[], now: number): Promise<Envelope[][]> {
  const made = appends.map((append) => {
    const ids = [...new Set(append.userIds)].sort((x, y) => x - y);
    return ids.map((userId) => {
      const payload = typeof append.event === 'function' ? append.event(userId) : append.event;
      return { userId, payload, sequenced: { ...payload, seq: 0 } as Sequenced };
    });
  });
  const pending: Pending = { now, made };
  const queue = deferred.get(trx);
  if (queue) queue.push(pending);
  else await writeEvents(trx, [pending]);
  return made.map((recipients) => recipients.map(({ userId, sequenced }) => ({ to: userRecipient(userId), event: sequenced })));
}

/** Reserves seqs for every recipient of `pending` in one statement, then stores the payloads and rows. */
async function writeEvents(trx: Db, pending: readonly Pending[]): Promise<void> {
  const made = pending.flatMap((p) => p.made.map((recipients) => ({ recipients, now: p.now })));
  const next = await reserveSeqs(
    trx,
    made.map(({ recipients }) => recipients.map((r) => r.userId)),
  );
  // A user deleted meanwhile has no stream left to append to.
  const kept = made.map(({ recipients, now }) => ({ recipients: recipients.filter((r) => next.has(r.userId)), now }));
  const stored = await storePayloads(
    trx,
    kept.flatMap(({ recipients }) => recipients.map((r) => r.payload)),
    // Never older than an event pointing at it, so pruning by time cannot take a payload from under one.
    Math.max(...pending.map((p) => p.now)),
  );
  const values: RawBuilder<unknown>[] = [];
  for (const { recipients, now } of kept) {
    for (const { userId, payload, sequenced } of recipients) {
      const seq = next.get(userId)!;
      next.set(userId, seq + 1);
      const { json, sharedId } = stored.get(payload)!;
      sequenced.seq = seq;
      rememberWire(sequenced, json);
      values.push(sql`(${userId}, ${seq}, ${sharedId === null ? json : ''}, ${sharedId}, ${now})`);
    }
  }
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    await sql`insert into events (user_id, seq, payload, payload_id, created_at) values ${sql.join(values.slice(i, i + INSERT_CHUNK))}`.execute(trx);
  }
}

/**
 * Moves each user's counter on by the number of events they get, in one statement that locks the rows in
 * id order (as every writer of these rows does, so two transactions cannot wait on each other), and answers
 * each user's first new seq.
 */
async function reserveSeqs(trx: Db, recipients: number[][]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const ids of recipients) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  if (counts.size === 0) return new Map();
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const { rows } = await sql<{ id: number; event_seq: number }>`
    update users set event_seq = event_seq + ${increments(counts)} where id in ${idsLockedInOrder(trx, 'users', ids)} returning id, event_seq`.execute(trx);
  return new Map(rows.map(({ id, event_seq }) => [Number(id), Number(event_seq) - counts.get(Number(id))! + 1]));
}

/** `1`, or a CASE that gives each user their count (literals: counts are our own integers, typed alike on both databases). */
function increments(counts: Map<number, number>): RawBuilder<unknown> {
  const byCount = new Map<number, number[]>();
  for (const [id, n] of counts) if (n > 1) byCount.set(n, [...(byCount.get(n) ?? []), id]);
  if (byCount.size === 0) return sql.lit(1);
  const whens = [...byCount].map(([n, ids]) => sql`when id in (${sql.join(ids.sort((a, b) => a - b))}) then ${sql.lit(n)}`);
  return sql`case ${sql.join(whens, sql` `)} else 1 end`;
}

/**
 * Recipients of one payload object from which it is stored once and shared (an offer to a queue; a message in
 * a direct chat, which both colleagues receive: stored once, the batch of sends writes less and ran ~4% faster).
 */
const SHARE_FROM = 2;

/** Serialises each distinct payload once; one handed to several users is stored once in `event_payloads`. */
async function storePayloads(trx: Db, payloads: DurableEvent[], now: number) {
  const counts = new Map<DurableEvent, number>();
  for (const payload of payloads) counts.set(payload, (counts.get(payload) ?? 0) + 1);
  const stored = new Map<DurableEvent, { json: string; sharedId: number | null }>();
  const shared: { json: string; payload: DurableEvent }[] = [];
  for (const [payload, count] of counts) {
    const json = JSON.stringify(payload);
    stored.set(payload, { json, sharedId: null });
    if (count >= SHARE_FROM) shared.push({ json, payload });
  }
  if (shared.length === 0) return stored;
  const { rows } = await sql<{ id: number }>`
    insert into event_payloads (payload, created_at) values ${sql.join(shared.map(({ json }) => sql`(${json}, ${now})`))} returning id`.execute(trx);
  // Ids are handed out in the order the rows are listed; RETURNING's own order is not promised.
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  for (const [i, { json, payload }] of shared.entries()) stored.set(payload, { json, sharedId: ids[i]! });
  return stored;
}

const nextCustomerSeq = prepared((trx: Db, customerId: number) =>
  trx
    .updateTable('customers')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', customerId)
    .returning('event_seq'),
);

const insertCustomerEvent = prepared((trx: Db, customerId: number, seq: number, payload: string, now: number) =>
  trx.insertInto('customer_events').values({ customer_id: customerId, seq, payload, created_at: now }),
);

/** Appends one durable event to a customer's stream (their widget, or later a channel adapter's outbox). */
export async function appendCustomerEvent(trx: Db, customerId: number, event: VisitorDurableEvent, now: number): Promise<Envelope> {
  const [counter] = await nextCustomerSeq(trx, customerId);
  if (!counter) throw new Error(`customer ${customerId} has no stream`);
  const seq = Number(counter.event_seq);
  await insertCustomerEvent(trx, customerId, seq, JSON.stringify(event), now);
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
