import { sql } from 'kysely';
import type { Db } from './database.js';

/** Statements put off to the end of the transaction they were made in, in the order they were made. */
const putOff = new WeakMap<Db, string[]>();

/** From now on, `atEndStatement` in this transaction waits for its end (db/transaction.ts and shared-transactions.ts call this). */
export function putOffAtEnd(trx: Db): void {
  putOff.set(trx, []);
}

/**
 * Makes `statement` (written as text, its values in it: our own integers, never input) at the end of the
 * transaction, just before its commit; at once in a transaction that does not put writes off. For rows that
 * many transactions update (a queue's "last taken by"): on PostgreSQL their lock is then held for the end of
 * the transaction only, not through the rest of the work, which other transactions waiting for the same row
 * would wait for too. On SQLite it runs after the events; on PostgreSQL it goes in one message with the
 * events' statement and the COMMIT (db/transaction.ts). Made as a round trip of its own there, the row was
 * held while the busy event loop got round to sending the rest: in a burst every take of the queue queued on
 * it holding a pooled connection, which the arriving chats then waited for (Hunt by threes: first offer p99
 * ~14 s against ~10.5 s). Before the events, it waited for their counters while holding the row
 * (pg_stat_statements: 29 ms a take in a Ring all burst).
 */
export async function atEndStatement(trx: Db, statement: string): Promise<void> {
  const list = putOff.get(trx);
  if (list) list.push(statement);
  else await sql.raw(statement).execute(trx);
}

/** Hands over the statements put off so far and forgets them: the caller sends them. */
export function takeAtEndStatements(trx: Db): string[] {
  const list = putOff.get(trx) ?? [];
  putOff.set(trx, []);
  return list;
}

/** Makes the statements put off so far, one by one. */
export async function writeAtEnd(trx: Db): Promise<void> {
  for (const statement of takeAtEndStatements(trx)) await sql.raw(statement).execute(trx);
}

/** Forgets the statements put off so far: the work that made them was rolled back. */
export function forgetAtEnd(trx: Db): void {
  if (putOff.has(trx)) putOff.set(trx, []);
}
