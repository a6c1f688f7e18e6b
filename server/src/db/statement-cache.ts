import type SQLite from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';
import type { ReadAwareDatabase } from './sqlite-locking.js';

const LIMIT = 1000;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs as much as running the small
 * statements a chat server issues. This keeps the prepared statements of one database by SQL text
 * (Kysely passes values as parameters, so the texts repeat), the least recently used dropped first past
 * the limit: a statement dropped is prepared again at its next use, and finalized by a full collection.
 */
export function withStatementCache(database: SQLite.Database): ReadAwareDatabase {
  const cache = new Map<string, SqliteStatement>();
  const prepare = (sql: string): SqliteStatement => {
    const cached = cache.get(sql);
    if (cached) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = database.prepare(sql) as unknown as SqliteStatement;
    cache.set(sql, statement);
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
    return statement;
  };
  return {
    prepare,
    isReadonly: (sql: string) => (prepare(sql) as unknown as SQLite.Statement).readonly,
    close: () => {
      cache.clear();
      database.close();
    },
  };
}
