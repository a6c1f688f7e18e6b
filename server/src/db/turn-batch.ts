type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

/**
 * Inputs read together at most: a statement holds a few parameters per input, and SQLite takes 32,766 at most
 * (PostgreSQL 65,535); a turn with more requests (thousands of connections at once) is read in several.
 */
const MAX_READ_TOGETHER = 1000;

/**
 * Reads what is asked for in one turn of the event loop with one query: the requests whose bytes arrived
 * together each ask, and all get their answers from one read made after this turn's I/O callbacks
 * (setImmediate). A thousand visitors writing within a second made a thousand reads of who they are; on
 * PostgreSQL each was a round trip that waited for one of the pool's connections (~13 ms each in that burst).
 * For reads outside transactions only: a read under a lock belongs to its transaction.
 */
export class TurnBatch<In, V> {
  private pending = new Map<string, { input: In; waiters: Waiter<V>[] }>();
  private scheduled = false;

  /** `readAll` answers each input it finds by its key; a key left out is answered `undefined`. */
  constructor(
    private readonly readAll: (inputs: Map<string, In>) => Promise<Map<string, V>>,
    private readonly maxTogether = MAX_READ_TOGETHER,
  ) {}

  load(key: string, input: In): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key) ?? { input, waiters: [] };
      entry.waiters.push({ resolve, reject });
      this.pending.set(key, entry);
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const asked = [...this.pending];
    this.pending = new Map();
    this.scheduled = false;
    const reads = [];
    for (let i = 0; i < asked.length; i += this.maxTogether) reads.push(this.read(asked.slice(i, i + this.maxTogether)));
    await Promise.all(reads);
  }

  private async read(asked: [string, { input: In; waiters: Waiter<V>[] }][]): Promise<void> {
    try {
      const found = await this.readAll(new Map(asked.map(([key, { input }]) => [key, input])));
      for (const [key, { waiters }] of asked) for (const waiter of waiters) waiter.resolve(found.get(key));
    } catch (error) {
      for (const [, { waiters }] of asked) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
