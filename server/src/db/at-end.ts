import type { Db } from './database.js';

/** Writes put off to the end of the transaction they were made in, in the order they were made. */
const putOff = new WeakMap<Db, (() => Promise<unknown>)[]>();

/** From now on, `atEnd` in this transaction waits for its end (db/transaction.ts and shared-transactions.ts call this). */
export function putOffAtEnd(trx: Db): void {
  putOff.set(trx, []);
}

/**
 * Makes `write` at the end of the transaction, just before its commit; at once in a transaction that does not
 * put writes off. For rows that many transactions update (a queue's "last taken by"): on PostgreSQL their lock
 * is then held for the end of the transaction only, not through the rest of the work, which other transactions
 * waiting for the same row would wait for too. On SQLite after the events; on PostgreSQL just before them, as
 * the events' statement carries the COMMIT (db/transaction.ts). It once came after them there too: writing them
 * waited for the recipients' counters, held through a round trip by an offer to the same fifty agents, and each
 * take in a Ring all burst held the queue's row through that wait (pg_stat_statements: 29 ms a take).
 */
export async function atEnd(trx: Db, write: () => Promise<unknown>): Promise<void> {
  const list = putOff.get(trx);
  if (list) list.push(write);
  else await write();
}

/** Makes the writes put off so far (see `atEnd`). */
export async function writeAtEnd(trx: Db): Promise<void> {
  const list = putOff.get(trx);
  if (!list?.length) return;
  putOff.set(trx, []);
  for (const write of list) await write();
}

/** Forgets the writes put off so far: the work that made them was rolled back. */
export function forgetAtEnd(trx: Db): void {
  if (putOff.has(trx)) putOff.set(trx, []);
}
