import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Organisation-wide settings an admin changes in the client (Admin › Calls), one row per key. In the
 * database rather than the environment so every node serves the same value the moment it is saved.
 */
export function orgSettingsMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('org_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
