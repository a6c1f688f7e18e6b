import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  sql,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { CommittingClient } from './commit-with-last-statement.js';
import { InListAsArray } from './in-list-as-array.js';
import type { Database } from './schema.js';
import type { DialectName } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { withStatementCache } from './statement-cache.js';
import { type CheckpointPace, startCheckpointer } from './checkpointer.js';
import { registerOffload, SqliteOffload } from './offload.js';
import { configureSqlite, LockingSqliteDialect } from './sqlite-locking.js';
import { WriteLock } from './write-lock.js';

export type Db = Kysely<Database>;

export interface Storage {
  db: Db;
  dialect: DialectName;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// pg returns int8 as strings to protect huge values; our bigints are epoch ms and counters, well within 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The embedded database: WAL, with checkpoints in a worker thread rather than inside commits, and a writer
 * thread for the heaviest writes (db/offload.ts) sharing one write lock with this connection.
 */
export function openSqlite(file: string, checkpoints?: CheckpointPace): { db: Kysely<Database>; close(): Promise<void> } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  configureSqlite(database);
  const lock = new WriteLock();
  const checkpointer = startCheckpointer(file, createRequire(import.meta.url).resolve('better-sqlite3'), lock, checkpoints);
  const db = new Kysely<Database>({ dialect: new LockingSqliteDialect(withStatementCache(database), lock) });
  const offload = new SqliteOffload(file, lock);
  registerOffload(db, offload);
  return {
    db,
    async close() {
      await offload.close();
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

export function openPostgres(connectionString: string, preparedStatements = true): Kysely<Database> {
  const Client = preparedStatements ? CommittingClient : UnpreparedClient;
  // Pipeline mode: a statement is written at once, not after the answer to the one before (see below). It refuses
  // queries that keep a portal open (Kysely's `.stream()`, pg-cursor): none is used.
  const pool = new pg.Pool({ connectionString, max: 10, Client, pipeline: true });
  // An idle connection the server drops (a restart, a failover) is replaced at the next checkout;
  // without a listener pg would raise it as an uncaught error and end the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new BeginWithFirstStatement({ pool }), plugins: [new InListAsArray()] });
}

/**
 * PostgreSQL, with a transaction's BEGIN written together with its first statement: Kysely waited for BEGIN's
 * answer, a round trip in every transaction, in a burst of live chats 10–40 ms each as the server's event loop is
 * busy. With the connection in pipeline mode the first statement follows BEGIN at once; BEGIN cannot fail but
 * with the connection, and then so does that statement, which the transaction sees.
 */
class BeginWithFirstStatement extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new PipelinedBeginDriver(this.settings);
  }
}

class PipelinedBeginDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel || settings.accessMode) return super.beginTransaction(connection, settings);
    void connection.executeQuery(CompiledQuery.raw('begin')).catch(() => {});
  }
}

class UnpreparedClient extends CommittingClient {
  protected override prepares = false;
}

export async function openStorage(opts: {
  databaseUrl?: string;
  /** DATABASE_PREPARED_STATEMENTS (db/prepared-statements.ts); on unless false. */
  databasePreparedStatements?: boolean;
  dataDir: string;
  migrateUpTo?: string;
  sqliteCheckpoints?: CheckpointPace;
}): Promise<Storage> {
  const dialect: DialectName = opts.databaseUrl ? 'postgres' : 'sqlite';
  const opened = opts.databaseUrl
    ? (() => {
        const db = openPostgres(opts.databaseUrl, opts.databasePreparedStatements !== false);
        return { db, close: () => db.destroy() };
      })()
    : openSqlite(path.join(opts.dataDir, 'switchboard.db'), opts.sqliteCheckpoints);
  const { db } = opened;
  await migrateToLatest(db, dialect, opts.migrateUpTo);
  return {
    db,
    dialect,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: opened.close,
  };
}
