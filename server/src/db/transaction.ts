import { deferEvents, flushEvents } from '../events/storage.js';
import { putOffAtEnd, takeAtEndStatements, writeAtEnd } from './at-end.js';
import type { Db } from './database.js';
import { dialectOf } from './dialect.js';
import { isCachedPlanChanged } from './prepared-statements.js';

/**
 * PostgreSQL aborts one of two transactions that wait for each other's row locks (40P01, deadlock) and may
 * abort one that conflicts with a serializable one (40001): the work did nothing, and run again it succeeds.
 * Seen in a burst of live chats on PostgreSQL, where a visitor's message answered 500: an offer and a take
 * locked the event counters of overlapping colleagues in different orders. Events are now written at the end
 * with their counters locked in id order, so those no longer cross; this catches what other rows still may.
 */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

const isRetryable = (error: unknown) =>
  isCachedPlanChanged(error) || (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && RETRYABLE.has(error.code));

/**
 * Runs `work` in a transaction, and again (up to five times, after a short random pause) when the database
 * aborted it to break a deadlock. `work` must do nothing outside the database that cannot be done twice.
 * The events it appends are written at its end, just before the commit (events/storage.ts `deferEvents`),
 * then the writes it put off (db/at-end.ts). On PostgreSQL the writes put off come first, in the same message
 * as the events' statement and the COMMIT (db/commit-with-last-statement.ts): the rows they lock (the
 * colleagues' counters, which every offer and take in a burst of live chats needs; a queue's "last taken by")
 * are held for that message, not until the busy event loop next reads from the database.
 * SQLite never answers these codes: one writer at a time cannot deadlock.
 */
export async function transaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        deferEvents(trx);
        putOffAtEnd(trx);
        const value = await work(trx);
        if (dialectOf(trx) === 'postgres') {
          await flushEvents(trx, { withCommit: true, before: takeAtEndStatements(trx) });
        } else {
          await flushEvents(trx);
          await writeAtEnd(trx);
        }
        return value;
      });
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
