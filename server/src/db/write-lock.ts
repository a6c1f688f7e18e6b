/**
 * Who holds the lock (cell 0), how many server-thread writers wait for it (cell 1), and how many times the server's
 * writers took it (cell 2, which the checkpointer reads to know a quiet second from a busy one).
 */
const HOLDER = 0;
const WAITING = 1;
export const WRITES = 2;
const FREE = 0;
const SERVER = 1;
const WRITER = 2;
/** The checkpointer thread (db/checkpointer.ts), while it resets the WAL. */
export const CHECKPOINTER = 3;

/** Frees the lock and wakes its waiters. Self-contained, as `blockUntilHeld`. */
export function releaseHeld(cells: Int32Array): void {
  Atomics.store(cells, 0, 0);
  Atomics.notify(cells, 0);
}

/**
 * Blocks a thread other than the server's until it holds the lock as `holder`, letting waiting server writers go
 * first. Self-contained (cells by number, no closure): the checkpointer's thread runs it from its source text.
 */
export function blockUntilHeld(cells: Int32Array, holder: number): void {
  for (;;) {
    const waiting = Atomics.load(cells, 1);
    if (waiting > 0) {
      Atomics.wait(cells, 1, waiting, 50);
      continue;
    }
    const seen = Atomics.compareExchange(cells, 0, 0, holder);
    if (seen === 0) return;
    Atomics.wait(cells, 0, seen, 50);
  }
}

/**
 * One writer at a time on an SQLite file written from two threads: the server's connection and the writer
 * thread's (db/offload.ts). Each waits here for the other instead of inside SQLite, whose busy handler would
 * sleep the server's whole event loop. It lives in shared memory: the server waits without blocking
 * (`Atomics.waitAsync`), the writer thread blocks (it has nothing else to do), and the writer thread lets a
 * waiting server writer go first, so a stream of sends cannot keep a Take waiting.
 */
export class WriteLock {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(12)) {
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
    Atomics.add(this.cells, WRITES, 1);
    return () => this.release();
  }

  /** The writer thread: blocks until the lock is free and no server writer is waiting for it. */
  acquireBlocking(): void {
    blockUntilHeld(this.cells, WRITER);
    Atomics.add(this.cells, WRITES, 1);
  }

  /** After a thread stopped: a lock it held is free again (a thread gone mid-write would hold it forever). */
  releaseHeldBy(holder: number = WRITER): void {
    if (Atomics.compareExchange(this.cells, HOLDER, holder, FREE) === holder) Atomics.notify(this.cells, HOLDER);
  }

  release(): void {
    releaseHeld(this.cells);
  }
}
