/**
 * The SQLite writer thread (db/offload.ts): its own connection to the database file, and a group commit
 * per task: what the server handed over while the last transaction ran is written in the next one, under
 * the write lock both threads share. The same feature code as the server runs (`writeSends`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { type Send, writeSends } from '../chat/sends.js';
import { wireOf } from '../events/wire.js';
import { AppError } from '../http/errors.js';
import { GroupCommit } from './group-commit.js';
import type { OffloadFailure } from './offload.js';
import type { Database } from './schema.js';
import { configureSqlite } from './sqlite-locking.js';
import { withStatementCache } from './statement-cache.js';
import { WriteLock } from './write-lock.js';

const { file, lockBuffer } = workerData as { file: string; lockBuffer: SharedArrayBuffer };
const database = new SQLite(file);
configureSqlite(database);
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
const lock = new WriteLock(lockBuffer);

async function locked<T>(work: () => Promise<T>): Promise<T> {
  lock.acquireBlocking();
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** A colleague's send and the server's clock when it was sent (tests run the server on a clock of their own). */
type SendInput = { send: Send; now: number };

const sends = new GroupCommit(async (inputs: SendInput[]) => {
  const now = Math.max(...inputs.map((i) => i.now));
  const posted = await locked(() =>
    db.transaction().execute((trx) =>
      writeSends(
        trx,
        inputs.map((i) => i.send),
        now,
      ),
    ),
  );
  // Each envelope's frame text goes back with it, so the server does not serialise it again.
  return posted.map((p) => p && { ...p, wires: p.envelopes.map((e) => wireOf(e.event)) });
});

const tasks = {
  sends: (input: SendInput) => sends.run(input),
};

export type OffloadTasks = typeof tasks;

function failure(error: unknown): OffloadFailure {
  if (error instanceof AppError) return { app: { code: error.code, message: error.message, params: error.params } };
  return { fault: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

type Request = { id: number; items: { task: keyof OffloadTasks; input: SendInput }[] } | { close: true };

parentPort!.on('message', async (request: Request) => {
  if ('close' in request) {
    await db.destroy();
    process.exit(0);
  }
  const settled = await Promise.allSettled(request.items.map(({ task, input }) => tasks[task](input)));
  const results = settled.map((s) => (s.status === 'fulfilled' ? { value: s.value } : { failure: failure(s.reason) }));
  parentPort!.postMessage({ id: request.id, results });
});
