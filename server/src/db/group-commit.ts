import type { Db } from './database.js';

interface Item {
  work: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Group commit: work submitted while a transaction is running waits for the next one and shares it,
 * so a burst of sends costs one commit (one WAL write; one flush on PostgreSQL) instead of one each.
 * Work submitted to an idle database starts after this loop turn's I/O callbacks (setImmediate), so the
 * sends read from every socket in one turn share it: started at once, a better-sqlite3 transaction runs to
 * its end in microtasks and held ~1.3 sends. When a shared transaction fails, each item is run again
 * alone, so one bad item fails only itself.
 */
export class GroupCommit {
  private queue: Item[] = [];
  private running = false;

  constructor(private readonly db: Db) {}

  run<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const results = await this.db.transaction().execute(async (trx) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.work(trx));
          return out;
        });
        for (const [i, item] of batch.entries()) item.resolve(results[i]);
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else await Promise.all(batch.map((item) => this.db.transaction().execute(item.work).then(item.resolve, item.reject)));
      }
    }
    this.running = false;
  }
}
