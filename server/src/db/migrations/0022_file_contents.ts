import { sql } from 'kysely';
import type { AnyDb, DialectName } from '../dialect.js';

/**
 * File bytes in the database (files/database-store.ts), for PostgreSQL: several nodes share it, where each
 * node's DATA_DIR was its own and a file sent through one node could not be fetched through another. A content
 * is its sha256 with its size, and its bytes in parts of at most 1 MiB. SQLite keeps its files on disk beside
 * the database: the tables are made there too (one set of migrations) and stay empty.
 */
export function fileContentsMigration(dialect: DialectName) {
  const bytes = dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: AnyDb) {
      await sql`create table file_contents (sha256 text primary key, size bigint not null, parts integer not null)`.execute(db);
      await sql`
        create table file_content_parts (
          sha256 text not null references file_contents (sha256) on delete cascade,
          part integer not null,
          data ${bytes} not null,
          primary key (sha256, part)
        )`.execute(db);
    },
  };
}
