import type { DurableEvent, VisitorDurableEvent } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';
import { prepared } from '../db/prepared.js';
import { Statement } from '../db/statement.js';
import { intArray, textLiteral, withCommit } from '../db/commit-with-last-statement.js';
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
  deferredForCustomers.set(trx, []);
}

/**
 * Writes the events appended since the last flush (see `deferEvents`); their envelopes get their seqs now.
 * `withCommit` (PostgreSQL, the transaction's last statement): the colleagues' events are sent with the
 * transaction's COMMIT (see `appendInOneStatement`), after `before` (statements written as text, put off to
 * the end: db/at-end.ts), all in one message; without colleagues' events, `before` runs on its own.
 */
export async function flushEvents(trx: Db, options: { withCommit?: boolean; before?: readonly string[] } = {}): Promise<void> {
  const before = options.before ?? [];
  // Customers' first: a change to a customer's row (their name, a merge) locks it before any colleague's
  // counter at the end of its transaction, and two transactions must take the same rows in the same order.
  const forCustomers = deferredForCustomers.get(trx);
  if (forCustomers?.length) {
    deferredForCustomers.set(trx, []);
    await writeCustomerEvents(trx, forCustomers);
  }
  const pending = deferred.get(trx) ?? [];
  deferred.set(trx, []);
  const written = pending.length > 0 && (await writeEvents(trx, pending, { commit: options.withCommit ?? false, before }));
  if (!written) for (const statement of before) await sql.raw(statement).execute(trx);
}

/** Forgets the events appended since the last flush: the work that appended them was rolled back. */
export function discardEvents(trx: Db): void {
  if (deferred.has(trx)) deferred.set(trx, []);
  if (deferredForCustomers.has(trx)) deferredForCustomers.set(trx, []);
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

/** One event row to write: its user, its place among that user's new events (0, 1, …), and its payload. */
interface EventRow {
  userId: number;
  index: number;
  json: string;
  sharedId: number | null;
  now: number;
  sequenced: Sequenced;
}

/**
 * Stores the payloads, then reserves seqs for every recipient of `pending` and writes their rows. Payloads first:
 * they lock nothing others wait for, while every user's counter row stays locked from its update to the commit
 * (on PostgreSQL, writers of overlapping colleagues' events queue on those rows). `send.before` runs just before
 * the rows (see `flushEvents`). Answers whether it wrote any row (and `before` with it).
 */
async function writeEvents(
  trx: Db,
  pending: readonly Pending[],
  send: { commit: boolean; before: readonly string[] } = { commit: false, before: [] },
): Promise<boolean> {
  const made = pending.flatMap((p) => p.made.map((recipients) => ({ recipients, now: p.now })));
  const stored = await storePayloads(
    trx,
    made.flatMap(({ recipients }) => recipients.map((r) => r.payload)),
    // Never older than an event pointing at it, so pruning by time cannot take a payload from under one.
    Math.max(...pending.map((p) => p.now)),
  );
  const counts = new Map<number, number>();
  const rows: EventRow[] = [];
  for (const { recipients, now } of made) {
    for (const { userId, payload, sequenced } of recipients) {
      const index = counts.get(userId) ?? 0;
      counts.set(userId, index + 1);
      rows.push({ userId, index, now, sequenced, ...stored.get(payload)! });
    }
  }
  if (rows.length === 0) return false;
  // A user deleted meanwhile has no stream left to append to: no first seq, no row, seq 0 on the envelope.
  const postgres = dialectOf(trx) === 'postgres';
  if (!postgres) for (const statement of send.before) await sql.raw(statement).execute(trx);
  const first = postgres ? await appendInOneStatement(trx, counts, rows, send) : await appendInTwo(trx, counts, rows);
  for (const row of rows) {
    const base = first.get(row.userId);
    if (base === undefined) continue;
    row.sequenced.seq = base + row.index;
    rememberWire(row.sequenced, row.json);
  }
  return true;
}

/** SQLite: one writer at a time, no row locks to hold short; the counters, then the rows. */
async function appendInTwo(trx: Db, counts: Map<number, number>, rows: EventRow[]): Promise<Map<number, number>> {
  const first = await reserveSeqs(trx, counts);
  const values = rows
    .filter((r) => first.has(r.userId))
    .map((r) => [r.userId, first.get(r.userId)! + r.index, r.sharedId === null ? r.json : '', r.sharedId, r.now]);
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    await new Statement(trx)
      .text('insert into events (user_id, seq, payload, payload_id, created_at) values ')
      .rows(values.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  return first;
}

/**
 * PostgreSQL: the counters are locked (in id order), moved on and the rows written in one statement, so the
 * locks are held for that statement and the commit only, not for the round trips of three. In a burst of live
 * chats every offer and take locks the same fifty agents' counters; with three round trips under the lock, and
 * a busy event loop between them, takes queued for seconds (17 successful takes a second with Ring all).
 * `commit`: the statement is the transaction's last and is sent with its COMMIT (db/commit-with-last-statement.ts),
 * after the `before` statements, so no lock is held while the busy event loop gets round to sending the rest;
 * its values are therefore written into its text (our own integers, and payloads as string literals).
 */
async function appendInOneStatement(
  trx: Db,
  counts: Map<number, number>,
  rows: EventRow[],
  { commit, before }: { commit: boolean; before: readonly string[] },
): Promise<Map<number, number>> {
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const statement = `
    with locked as (select id from users where id = any(${intArray(ids)}::int[]) order by id for no key update),
    counted as (
      update users set event_seq = users.event_seq + c.n
      from unnest(${intArray(ids)}::int[], ${intArray(ids.map((id) => counts.get(id)!))}::int[]) as c(id, n)
      where users.id = c.id and users.id in (select id from locked)
      returning users.id, users.event_seq - c.n + 1 as first
    ),
    written as (
      insert into events (user_id, seq, payload, payload_id, created_at)
      select r.user_id, counted.first + r.i, r.payload, r.payload_id, r.created_at
      from unnest(
        ${intArray(rows.map((r) => r.userId))}::int[], ${intArray(rows.map((r) => r.index))}::int[],
        array[${rows.map((r) => textLiteral(r.sharedId === null ? r.json : '')).join(',')}]::text[],
        ${intArray(rows.map((r) => r.sharedId))}::bigint[], ${intArray(rows.map((r) => r.now))}::bigint[]
      ) as r(user_id, i, payload, payload_id, created_at)
      join counted on counted.id = r.user_id
    )
    select id, first from counted`;
  // Several statements in one text answer one result each: only `withCommit`'s client picks the events' one.
  if (!commit) for (const other of before) await sql.raw(other).execute(trx);
  const message = commit ? withCommit([...before, statement].join(';\n')) : statement;
  const { rows: firsts } = await sql.raw<{ id: number; first: number }>(message).execute(trx);
  return new Map(firsts.map(({ id, first }) => [Number(id), Number(first)]));
}

/**
 * SQLite: moves each user's counter on by the number of events they get, in one statement, and answers each
 * user's first new seq. (PostgreSQL does this inside `appendInOneStatement`, locking the rows in id order.)
 */
async function reserveSeqs(trx: Db, counts: Map<number, number>, table: 'users' | 'customers' = 'users'): Promise<Map<number, number>> {
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const statement = new Statement(trx).text(`update ${table} set event_seq = event_seq + `);
  incrementsInto(statement, counts);
  const { rows } = await statement.text(' where id in (').list(ids).text(') returning id, event_seq').execute<{ id: number; event_seq: number }>();
  return new Map(rows.map(({ id, event_seq }) => [Number(id), Number(event_seq) - counts.get(Number(id))! + 1]));
}

/** `1`, or a CASE that gives each user their count (counts are our own integers, written as text). */
function incrementsInto(statement: Statement, counts: Map<number, number>): void {
  const byCount = new Map<number, number[]>();
  for (const [id, n] of counts) if (n > 1) byCount.set(n, [...(byCount.get(n) ?? []), id]);
  if (byCount.size === 0) {
    statement.text('1');
    return;
  }
  statement.text('case');
  for (const [n, ids] of byCount)
    statement
      .text(' when id in (')
      .list(ids.sort((a, b) => a - b))
      .text(`) then ${Math.trunc(n)}`);
  statement.text(' else 1 end');
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

const moveCustomerSeq = prepared((trx: Db, customerId: number, by: number) =>
  trx
    .updateTable('customers')
    .set((eb) => ({ event_seq: eb('event_seq', '+', by) }))
    .where('id', '=', customerId)
    .returning('event_seq'),
);

/**
 * SQLite: moves each customer's counter on by their number of events and answers their first new seq, in one
 * statement for a batch of arrivals. (PostgreSQL does this in `appendCustomersInOneStatement`.)
 */
async function reserveCustomerSeqs(trx: Db, counts: Map<number, number>): Promise<Map<number, number>> {
  if (counts.size === 1) {
    const [[customerId, by]] = [...counts] as [[number, number]];
    const [counter] = await moveCustomerSeq(trx, customerId, by);
    return new Map(counter ? [[customerId, Number(counter.event_seq) - by + 1]] : []);
  }
  return reserveSeqs(trx, counts, 'customers');
}

/** An event for a customer's stream, waiting for its seq (see `deferEvents`). */
interface CustomerAppend {
  customerId: number;
  json: string;
  sequenced: Sequenced;
  now: number;
}

const deferredForCustomers = new WeakMap<Db, CustomerAppend[]>();

/**
 * Appends one durable event to a customer's stream (their widget, or later a channel adapter's outbox). In a
 * transaction that defers its events it is written at the end with the others (its seq set then): an arrival
 * tells its visitor "queued" and echoes their message, a take says who joined and posts a note, each of which
 * cost a counter update and an insert of its own.
 */
export async function appendCustomerEvent(trx: Db, customerId: number, event: VisitorDurableEvent, now: number): Promise<Envelope> {
  const append = { customerId, json: JSON.stringify(event), sequenced: { ...event, seq: 0 } as Sequenced, now };
  const queue = deferredForCustomers.get(trx);
  if (queue) queue.push(append);
  else await writeCustomerEvents(trx, [append]);
  return { to: customerRecipient(customerId), event: append.sequenced };
}

/** Moves each customer's counter on by their events (in customer id order) and writes the events, in order. */
async function writeCustomerEvents(trx: Db, appends: readonly CustomerAppend[]): Promise<void> {
  const byCustomer = new Map<number, CustomerAppend[]>();
  for (const append of appends) byCustomer.set(append.customerId, [...(byCustomer.get(append.customerId) ?? []), append]);
  const counts = new Map([...byCustomer].map(([id, mine]) => [id, mine.length]));
  const ordered = [...byCustomer.keys()].sort((a, b) => a - b).flatMap((customerId) => byCustomer.get(customerId)!.map((append, i) => ({ append, i })));
  const firsts = dialectOf(trx) === 'postgres' ? await appendCustomersInOneStatement(trx, counts, ordered) : await appendCustomersInTwo(trx, counts, ordered);
  for (const { append, i } of ordered) {
    const first = firsts.get(append.customerId);
    if (first === undefined) throw new Error(`customer ${append.customerId} has no stream`);
    append.sequenced.seq = first + i;
    rememberWire(append.sequenced, append.json);
  }
}

/** SQLite: the counters, then the rows (one writer at a time: no locks to order). */
async function appendCustomersInTwo(trx: Db, counts: Map<number, number>, ordered: readonly { append: CustomerAppend; i: number }[]) {
  const firsts = await reserveCustomerSeqs(trx, counts);
  const rows = ordered
    .filter(({ append }) => firsts.has(append.customerId))
    .map(({ append, i }) => [append.customerId, firsts.get(append.customerId)! + i, append.json, append.now]);
  if (rows.length > 0) await new Statement(trx).text('insert into customer_events (customer_id, seq, payload, created_at) values ').rows(rows).execute();
  return firsts;
}

/**
 * PostgreSQL: the customers' rows locked in id order, their counters moved on and their events written in one
 * statement (it was three round trips in every batch of arrivals and takes: a lock, the counters, the rows).
 */
async function appendCustomersInOneStatement(trx: Db, counts: Map<number, number>, ordered: readonly { append: CustomerAppend; i: number }[]) {
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const { rows } = await sql<{ id: number; first: number }>`
    with locked as (select id from customers where id = any(${ids}::int[]) order by id for update),
    counted as (
      update customers set event_seq = customers.event_seq + c.n
      from unnest(${ids}::int[], ${ids.map((id) => counts.get(id)!)}::int[]) as c(id, n)
      where customers.id = c.id and customers.id in (select id from locked)
      returning customers.id, customers.event_seq - c.n + 1 as first
    ),
    written as (
      insert into customer_events (customer_id, seq, payload, created_at)
      select r.customer_id, counted.first + r.i, r.payload, r.created_at
      from unnest(
        ${ordered.map(({ append }) => append.customerId)}::int[], ${ordered.map(({ i }) => i)}::int[],
        ${ordered.map(({ append }) => append.json)}::text[], ${ordered.map(({ append }) => append.now)}::bigint[]
      ) as r(customer_id, i, payload, created_at)
      join counted on counted.id = r.customer_id
    )
    select id, first from counted`.execute(trx);
  return new Map(rows.map(({ id, first }) => [Number(id), Number(first)]));
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
