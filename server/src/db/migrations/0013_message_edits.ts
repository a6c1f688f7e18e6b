import type { AnyDb, DialectName } from '../dialect.js';

/**
 * A colleague may edit or delete their own message in an internal chat for a while: when it was last
 * edited, and when it was deleted (its text is emptied then, so search no longer finds it).
 */
export function messageEditsMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('messages').addColumn('edited_at', 'bigint').execute();
      await db.schema.alterTable('messages').addColumn('deleted_at', 'bigint').execute();
    },
  };
}
