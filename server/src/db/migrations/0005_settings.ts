import type { AnyDb, DialectName } from '../dialect.js';

/** Per-user chat settings (Settings > Chat) and each user's own notification sound. */
export function settingsMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('chat_settings')
        .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('toaster', 'integer', (c) => c.notNull())
        .addColumn('web_notifications', 'integer', (c) => c.notNull())
        .addColumn('play_sound', 'integer', (c) => c.notNull())
        .addColumn('sound', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      // Small (at most 500 KB) and per user, so it lives in the database and every server node serves it.
      await db.schema
        .createTable('custom_sounds')
        .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
