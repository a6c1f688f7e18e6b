/** Who holds the lock (cell 0) and how many server-thread writers wait for it (cell 1). */
const HOLDER = 0;
const WAITING = 1;
const FREE = 0;
const SERVER = 1;
const WRITER = 2;

/**
 * One writer at a time on an SQLite file written from two threads: the server's connection and the writer
 * thread's (db/offload.ts). Each waits here for the other instead of inside SQLite, whose busy handler would
 * sleep the server's whole event loop. It lives in shared memory: the server waits without blocking
 * (`Atomics.waitAsync`), the writer thread blocks (it has nothing else to do), and the writer thread lets a
 * waiting server writer go first, so a stream of sends cannot keep a Take waiting.
 */
export class WriteLock {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.cells = new Int32Array(buffer);
  }

  /** The server thread: resolves with the function that releases the lock. */
  async acquire(): Promise<() => void> {
    Atomics.add(this.cells, WAITING, 1);
    for (;;) {
      const seen = Atomics.compareExchange(this.cells, HOLDER, FREE, SERVER);
      if (seen === FREE) break;
      const wait = Atomics.waitAsync(this.cells, HOLDER, seen);
      if (wait.async) await wait.value;
    }
    Atomics.sub(this.cells, WAITING, 1);
    Atomics.notify(this.cells, WAITING);
    return () => this.release();
  }

  /** The writer thread: blocks until the lock is free and no server writer is waiting for it. */
  acquireBlocking(): void {
    for (;;) {
      const waiting = Atomics.load(this.cells, WAITING);
      if (waiting > 0) {
        Atomics.wait(this.cells, WAITING, waiting, 50);
        continue;
      }
      const seen = Atomics.compareExchange(this.cells, HOLDER, FREE, WRITER);
      if (seen === FREE) return;
      Atomics.wait(this.cells, HOLDER, seen, 50);
    }
  }

  /** After the writer thread stopped: a lock it held is free again (a thread gone mid-write would hold it forever). */
  releaseWriter(): void {
    if (Atomics.compareExchange(this.cells, HOLDER, WRITER, FREE) === WRITER) Atomics.notify(this.cells, HOLDER);
  }

  release(): void {
    Atomics.store(this.cells, HOLDER, FREE);
    Atomics.notify(this.cells, HOLDER);
  }
}
