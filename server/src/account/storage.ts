import type { Db } from '../db/database.js';
import { userColumns } from '../users/mapping.js';

export const accountStorage = {
  rename: (db: Db, userId: number, name: string) => db.updateTable('users').set({ name }).where('id', '=', userId).returning(userColumns).executeTakeFirst(),

  /** An enabled account by its email, to send a reset link to; undefined for unknown or disabled ones. */
  findEnabledByEmail: (db: Db, email: string) =>
    db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .where('disabled', '=', 0)
      .executeTakeFirst(),

  insertResetToken: (db: Db, tokenHash: string, userId: number, now: number, expiresAt: number) =>
    db.insertInto('password_reset_tokens').values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute(),

  /**
   * Uses up a reset token: deleted in the same statement that reads it, so two requests with one link
   * cannot both succeed. The user it was for when it was still valid and the account is enabled.
   */
  takeResetToken: async (db: Db, tokenHash: string, now: number) => {
    const row = await db.deleteFrom('password_reset_tokens').where('token_hash', '=', tokenHash).returning(['user_id', 'expires_at']).executeTakeFirst();
    if (!row || Number(row.expires_at) <= now) return undefined;
    return db.selectFrom('users').select(userColumns).where('id', '=', row.user_id).where('disabled', '=', 0).executeTakeFirst();
  },
};
