import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../http/errors.js';
import type { AnyDb } from './dialect.js';
import type { OffloadTasks } from './offload.worker.js';
import type { WriteLock } from './write-lock.js';

export type OffloadTask = keyof OffloadTasks;
type Input<T extends OffloadTask> = Parameters<OffloadTasks[T]>[0];
type Output<T extends OffloadTask> = Awaited<ReturnType<OffloadTasks[T]>>;

/** How an error crosses from the writer thread: an `AppError` stays one (a refusal), anything else is a fault. */
export type OffloadFailure = { app: { code: ErrorCode; message: string; params?: Record<string, string> } } | { fault: string };

type Result = { value: unknown } | { failure: OffloadFailure };

interface Item {
  task: OffloadTask;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Compiled JavaScript in dist/; TypeScript sources (tests, the bench) load through tsx in the thread too. */
const fromSource = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(fromSource ? './offload.worker.ts' : './offload.worker.js', import.meta.url);
const CLOSE_WAIT_MS = 5000;
/** SQLITE_WRITER_CPU_PROF=<folder>: the thread writes a CPU profile there (profiling the bench; `node --cpu-prof` covers only the main thread). */
const WORKER_ARGV = [
  ...(fromSource ? ['--conditions=source', '--import', 'tsx'] : []),
  ...(process.env.SQLITE_WRITER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SQLITE_WRITER_CPU_PROF}`] : []),
];

/**
 * The SQLite writer thread: the heaviest writing (colleagues' sends: their inserts, event counters and
 * commits) runs there on a second connection to the same file, so the server's event loop keeps answering
 * sockets while SQLite works and the machine's second core does the writing. What is submitted in one loop
 * turn goes over in one message; the thread writes whatever arrived while its last transaction ran in the
 * next one (a group commit on its side). Both connections write under one `WriteLock`. The thread starts
 * with its first task.
 */
export class SqliteOffload {
  private worker: Worker | undefined;
  private queued: Item[] = [];
  private readonly inFlight = new Map<number, Item[]>();
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly lock: WriteLock,
  ) {}

  submit<T extends OffloadTask>(task: T, input: Input<T>): Promise<Output<T>> {
    return new Promise((resolve, reject) => {
      this.queued.push({ task, input, resolve: resolve as (value: unknown) => void, reject });
      if (this.queued.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Stops the thread once what was handed over is written (up to a few seconds: a shutdown must end). */
  async close(): Promise<void> {
    for (let waited = 0; (this.queued.length > 0 || this.inFlight.size > 0) && waited < CLOSE_WAIT_MS; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true });
    await closed;
  }

  private flush(): void {
    const items = this.queued;
    this.queued = [];
    const id = this.nextId++;
    this.inFlight.set(id, items);
    this.started().postMessage({ id, items: items.map(({ task, input }) => ({ task, input })) });
  }

  private settle(id: number, results: Result[]): void {
    const items = this.inFlight.get(id) ?? [];
    this.inFlight.delete(id);
    for (const [i, item] of items.entries()) {
      const result = results[i]!;
      if ('value' in result) item.resolve(result.value);
      else item.reject(rebuild(result.failure));
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL, { workerData: { file: this.file, lockBuffer: this.lock.buffer }, execArgv: WORKER_ARGV });
    worker.unref();
    worker.on('message', ({ id, results }: { id: number; results: Result[] }) => this.settle(id, results));
    const stopped = (error: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      this.lock.releaseHeldBy();
      for (const items of this.inFlight.values()) for (const item of items) item.reject(error);
      this.inFlight.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', () => stopped(new Error('the SQLite writer thread stopped')));
    this.worker = worker;
    return worker;
  }
}

function rebuild(failure: OffloadFailure): Error {
  return 'app' in failure ? new AppError(failure.app.code, failure.app.message, failure.app.params) : new Error(failure.fault);
}

const offloads = new WeakMap<AnyDb, SqliteOffload>();

export function registerOffload(db: AnyDb, offload: SqliteOffload): void {
  offloads.set(db, offload);
}

/** The writer thread of an SQLite database; none on PostgreSQL (its server does the work in its own processes). */
export function offloadOf(db: AnyDb): SqliteOffload | undefined {
  return offloads.get(db);
}
