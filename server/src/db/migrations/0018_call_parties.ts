import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Who is in a live (ringing or connected) call, one row per person: `u<userId>` or `c<customerId>`. The
 * primary key is what makes "busy" hold when two calls start at once (two callers ringing one colleague,
 * or two colleagues calling each other): a call claims both its parties in the transaction that places it,
 * and of two claims of one person exactly one is stored, on SQLite and PostgreSQL, on one node or several.
 * The rows go when the call ends. `calls` alone cannot say it: a person is caller in one column, callee in another.
 */
export function callPartiesMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('call_parties')
        .addColumn('party', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'integer', (c) => c.notNull().references('calls.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('call_parties_call').on('call_parties').column('call_id').execute();
    },
  };
}
