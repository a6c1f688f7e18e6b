import type SQLite from 'better-sqlite3';
import { type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SqliteDialect, SqliteDriver, type SqliteDatabase } from 'kysely';
import type { WriteLock } from './write-lock.js';

/** The pragmas every connection to the database file gets (the server's and the writer thread's). */
export function configureSqlite(database: SQLite.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('wal_autocheckpoint = 0');
  // The default page cache (2 MB) is smaller than one busy minute of events: lookups that run on
  // every request (sessions, access) then read their pages back from the OS, several syscalls each.
  database.pragma('cache_size = -65536');
  // Statement journals in memory, not temporary files: every multi-row insert (an offer's fifty member and
  // event rows) keeps one, and written to a file it made those inserts ~2.5× slower (~340 against ~130 µs).
  database.pragma('temp_store = MEMORY');
}

/** A database whose statements say whether they only read (better-sqlite3's `readonly`). */
export type ReadAwareDatabase = SqliteDatabase & { isReadonly(sql: string): boolean };

/**
 * Kysely's SQLite dialect, with the server's writes taking the `WriteLock` the writer thread shares: a
 * transaction holds it from `begin` to its end, a single writing statement for its run. Reads never wait
 * for it (WAL readers see the last commit and do not block the writer).
 */
export class LockingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: ReadAwareDatabase,
    private readonly lock: WriteLock,
  ) {
    super({ database });
  }

  override createDriver(): Driver {
    return new LockingSqliteDriver(this.database, this.lock);
  }
}

class LockingSqliteDriver extends SqliteDriver {
  /** Set while this connection's transaction holds the lock. */
  private release: (() => void) | undefined;
  private connection: DatabaseConnection | undefined;

  constructor(
    private readonly database: ReadAwareDatabase,
    private readonly lock: WriteLock,
  ) {
    super({ database });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.connection ??= {
      executeQuery: <R>(query: CompiledQuery) => this.execute<R>(inner, query),
      streamQuery: <R>(query: CompiledQuery, chunkSize: number) => inner.streamQuery<R>(query, chunkSize),
    };
    return this.connection;
  }

  private async execute<R>(inner: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.release || this.database.isReadonly(query.sql)) return inner.executeQuery<R>(query);
    const release = await this.lock.acquire();
    try {
      return await inner.executeQuery<R>(query);
    } finally {
      release();
    }
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.release = await this.lock.acquire();
    try {
      await super.beginTransaction(connection);
    } catch (error) {
      this.finish();
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A failed commit leaves the transaction open: Kysely rolls it back next, and that releases the lock.
    await super.commitTransaction(connection);
    this.finish();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      this.finish();
    }
  }

  private finish(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }
}
