import { sql } from 'kysely';
import type { Db } from './database.js';

/** A write put off: a function, or a statement written as text with its values in it (`atEndStatement`). */
type PutOff = (() => Promise<unknown>) | { statement: string };

/** Writes put off to the end of the transaction they were made in, in the order they were made. */
const putOff = new WeakMap<Db, PutOff[]>();

/** From now on, `atEnd` in this transaction waits for its end (db/transaction.ts and shared-transactions.ts call this). */
export function putOffAtEnd(trx: Db): void {
  putOff.set(trx, []);
}

/**
 * Makes `write` at the end of the transaction, just before its commit; at once in a transaction that does not
 * put writes off. For rows that many transactions update (a queue's "last taken by"): on PostgreSQL their lock
 * is then held for the end of the transaction only, not through the rest of the work, which other transactions
 * waiting for the same row would wait for too. On SQLite after the events. It once came after them on
 * PostgreSQL too: writing them waited for the recipients' counters, held through a round trip by an offer to
 * the same fifty agents, and each take in a Ring all burst held the queue's row through that wait
 * (pg_stat_statements: 29 ms a take).
 */
export async function atEnd(trx: Db, write: () => Promise<unknown>): Promise<void> {
  const list = putOff.get(trx);
  if (list) list.push(write);
  else await write();
}

/**
 * `atEnd` for a statement written as text, its values in it (our own integers, never input). On PostgreSQL it
 * then goes in one message with the events' statement and the COMMIT (db/transaction.ts), so the row it locks
 * is held for that message only: made as a round trip of its own before it, the row was held while the busy
 * event loop got round to sending the rest, and in a burst every take of the queue queued on it holding a
 * pooled connection, which the arriving chats then waited for (Hunt by threes: first offer p99 ~14 s
 * against ~10.5 s).
 */
export async function atEndStatement(trx: Db, statement: string): Promise<void> {
  const list = putOff.get(trx);
  if (list) list.push({ statement });
  else await sql.raw(statement).execute(trx);
}

/** Makes the writes put off so far (see `atEnd`). */
export async function writeAtEnd(trx: Db): Promise<void> {
  const list = putOff.get(trx);
  if (!list?.length) return;
  putOff.set(trx, []);
  for (const write of list) await (typeof write === 'function' ? write() : sql.raw(write.statement).execute(trx));
}

/**
 * Hands over the writes put off so far when every one is a statement written as text (and forgets them: the
 * caller sends them); undefined, keeping them, when one is not.
 */
export function takeAtEndStatements(trx: Db): string[] | undefined {
  const list = putOff.get(trx) ?? [];
  if (!list.every((write) => typeof write !== 'function')) return undefined;
  putOff.set(trx, []);
  return list.map((write) => (write as { statement: string }).statement);
}

/** Forgets the writes put off so far: the work that made them was rolled back. */
export function forgetAtEnd(trx: Db): void {
  if (putOff.has(trx)) putOff.set(trx, []);
}
