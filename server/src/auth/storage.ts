import type { Role } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { userColumns } from '../users/mapping.js';

export const authStorage = {
  findUserByEmail: (db: Db, email: string) =>
    db
      .selectFrom('users')
      .select([...userColumns, 'password_hash', 'password_reset_required'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst(),

  insertSession: (db: Db, tokenHash: string, userId: number, now: number, expiresAt: number) =>
    db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute(),

  /** SQL text, not the builder: every request runs it, and building it cost more than running it. */
  findSessionUser: async (db: Db, tokenHash: string, now: number) =>
    (
      await sql<{ id: number; role: Role; name: string }>`
        select users.id, users.role, users.name from sessions inner join users on users.id = sessions.user_id
        where sessions.token_hash = ${tokenHash} and sessions.expires_at > ${now} and users.disabled = 0`.execute(db)
    ).rows[0],

  sessionExpiry: (db: Db, tokenHash: string) => db.selectFrom('sessions').select('expires_at').where('token_hash', '=', tokenHash).executeTakeFirst(),

  deleteSession: (db: Db, tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),

  deleteSessionsOf: (db: Db, userId: number) => db.deleteFrom('sessions').where('user_id', '=', userId).execute(),

  deleteOtherSessionsOf: (db: Db, userId: number, keptTokenHash: string) =>
    db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '!=', keptTokenHash).execute(),

  passwordHashOf: (db: Db, userId: number) => db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst(),

  /** A new password; `resetRequired` 1 for an admin's one-time password. Every open reset link dies with the old password. */
  setPassword: async (db: Db, userId: number, passwordHash: string, resetRequired: 0 | 1) => {
    await db.updateTable('users').set({ password_hash: passwordHash, password_reset_required: resetRequired }).where('id', '=', userId).execute();
    await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute();
  },
};
