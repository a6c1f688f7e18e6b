interface Pending<In> {
  input: In;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 1000;

/**
 * Group commit: work submitted while a transaction is running waits for the next one and shares it,
 * so a burst of sends costs one commit (one WAL write; one flush on PostgreSQL) instead of one each, and
 * `write` (one transaction per call) writes the whole batch with one statement per table where it can.
 * Work submitted to an idle database starts after this loop turn's I/O callbacks (setImmediate), so the
 * sends read from every socket in one turn share it: started at once, a better-sqlite3 transaction runs to
 * its end in microtasks and held ~1.3 sends. When a shared transaction fails, each input is run again
 * alone, in order, so one bad input fails only itself.
 */
export class GroupCommit<In, Out> {
  private queue: Pending<In>[] = [];
  private running = false;

  /** `write` runs its inputs (at most `maxBatch`) in one transaction and answers one result per input, in order. */
  constructor(
    private readonly write: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve: resolve as (value: unknown) => void, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((p) => p.input));
        for (const [i, pending] of batch.entries()) pending.resolve(results[i]);
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One after another, so the inputs keep their order (a sender's messages, a user's seqs).
        else for (const pending of batch) await this.runAlone(pending);
      }
    }
    this.running = false;
  }

  private async runAlone(pending: Pending<In>): Promise<void> {
    try {
      const [result] = await this.write([pending.input]);
      pending.resolve(result);
    } catch (error) {
      pending.reject(error);
    }
  }
}
