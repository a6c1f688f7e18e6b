import { sql } from 'kysely';
import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Full-text search in message text, kept up to date by the database itself as messages are written,
 * so no code path that stores, edits or deletes a message can forget the index:
 * - SQLite: an FTS5 table over `messages.body` (external content, no second copy of the text) with
 *   triggers on insert, update and delete; `unicode61` folds case and diacritics for every script,
 *   so "Müller", "MÜLLER" and "muller" find each other.
 * - PostgreSQL: a stored generated `tsvector` column in the 'simple' configuration (lower-cased words,
 *   no stemming: German and English alike) with a GIN index.
 * Both are filled from the existing messages here (the backfill). A later migration that rebuilds the
 * messages table on SQLite (dialect.ts dropColumns) must create the triggers again.
 */
export function messageSearchMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      if (dialect === 'postgres') {
        await sql`alter table messages add column search tsvector generated always as (to_tsvector('simple', body)) stored`.execute(db);
        await sql`create index messages_search on messages using gin (search)`.execute(db);
        return;
      }
      await sql`create virtual table messages_fts using fts5(body, content='messages', content_rowid='id', tokenize="unicode61 remove_diacritics 2")`.execute(
        db,
      );
      await sql`create trigger messages_fts_insert after insert on messages begin
        insert into messages_fts (rowid, body) values (new.id, new.body);
      end`.execute(db);
      await sql`create trigger messages_fts_delete after delete on messages begin
        insert into messages_fts (messages_fts, rowid, body) values ('delete', old.id, old.body);
      end`.execute(db);
      await sql`create trigger messages_fts_update after update of body on messages begin
        insert into messages_fts (messages_fts, rowid, body) values ('delete', old.id, old.body);
        insert into messages_fts (rowid, body) values (new.id, new.body);
      end`.execute(db);
      await sql`insert into messages_fts (messages_fts) values ('rebuild')`.execute(db);
    },
  };
}
