import { sql } from 'kysely';
import type { AnyDb, DialectName } from '../dialect.js';

/**
 * One event handed to many colleagues at once (a chat offered to a whole queue: 50 copies of the
 * same conversation view) is stored once: its rows in `events` point at one `event_payloads` row and
 * keep an empty `payload`. A burst of offers otherwise wrote ~50× its size to the log on every commit.
 */
export function sharedEventPayloadsMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('event_payloads')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('event_payloads_created').on('event_payloads').column('created_at').execute();
      // No foreign key: both sides are pruned by the same age, and a delete of a payload must not scan events.
      await sql`alter table events add column payload_id bigint`.execute(db);
    },
  };
}
