import { sql } from 'kysely';
import type { Db } from './database.js';
import { dialectOf } from './dialect.js';
import { GroupCommit } from './group-commit.js';
import { transaction } from './transaction.js';
import { discardEvents, flushEvents } from '../events/storage.js';
import { forgetAtEnd, writeAtEnd } from './at-end.js';

type Work = (trx: Db) => Promise<unknown>;
type Settled = { value: unknown } | { error: unknown };

/** Runs a unit of work in a transaction of its own, or in one it shares with others (SQLite, below). */
export interface Transactions {
  run<T>(work: (trx: Db) => Promise<T>): Promise<T>;
}

/**
 * SQLite has one writer and one connection: transactions run one after another anyway, and each commit
 * writes every page it touched to the log. In a burst (a thousand live chats arriving in a second, each
 * offered to fifty agents) the commits were a third of the database's time, each rewriting the same
 * pages of the event log. Here the changes submitted while a transaction runs share the next one
 * (`GroupCommit`), each in a savepoint of its own: one that fails is rolled back alone and its caller gets
 * its error, as if it had had its own transaction; the others commit together, and no caller hears of its
 * result before that commit. PostgreSQL keeps a transaction per change: its writers work in parallel.
 */
class SharedTransactions implements Transactions {
  private readonly commit: GroupCommit<Work, Settled>;

  constructor(db: Db) {
    this.commit = new GroupCommit((works) =>
      transaction(db, async (trx) => {
        const settled: Settled[] = [];
        for (const work of works) settled.push(await inSavepoint(trx, work));
        return settled;
      }),
    );
  }

  async run<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    const settled = await this.commit.run(work);
    if ('error' in settled) throw settled.error;
    return settled.value as T;
  }
}

async function inSavepoint(trx: Db, work: Work): Promise<Settled> {
  await sql`savepoint unit`.execute(trx);
  try {
    const value = await work(trx);
    await flushEvents(trx);
    await writeAtEnd(trx);
    await sql`release unit`.execute(trx);
    return { value };
  } catch (error) {
    forgetAtEnd(trx);
    discardEvents(trx);
    await sql`rollback to unit`.execute(trx);
    await sql`release unit`.execute(trx);
    return { error };
  }
}

const ownTransactions = (db: Db): Transactions => ({ run: (work) => transaction(db, work) });

export function transactionsFor(db: Db): Transactions {
  return dialectOf(db) === 'sqlite' ? new SharedTransactions(db) : ownTransactions(db);
}
