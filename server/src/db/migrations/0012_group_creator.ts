import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Who created a group chat: with the admins among its members, the one who manages it (rename, add and
 * remove members). Groups created before this are null: their admin members manage them.
 */
export function groupCreatorMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('conversations').addColumn('created_by', 'integer').execute();
    },
  };
}
