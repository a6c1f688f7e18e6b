import type { AnyDb, DialectName } from '../dialect.js';

/**
 * My account and password recovery. `password_reset_required`: an admin reset the password to a one-time
 * one, which signs in only to choose a new password. `password_reset_tokens`: the "forgot password" links
 * sent by email, stored as hashes (a leaked database holds no usable link), single-use and expiring.
 */
export function accountsMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('users')
        .addColumn('password_reset_required', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('password_reset_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('password_reset_tokens_user').on('password_reset_tokens').column('user_id').execute();
    },
  };
}
