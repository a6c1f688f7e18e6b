import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const LIMIT = 1000;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs as much as running the small
 * statements a chat server issues. This keeps the prepared statements of one database by SQL text
 * (Kysely passes values as parameters, so the texts repeat), oldest dropped first past the limit.
 */
export function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      const statement = database.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, statement);
      if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
