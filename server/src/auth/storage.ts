import type { Db } from '../db/database.js';
import { userColumns } from '../users/mapping.js';

export const authStorage = {
  findUserByEmail: (db: Db, email: string) =>
    db
      .selectFrom('users')
      .select([...userColumns, 'password_hash'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst(),

  insertSession: (db: Db, tokenHash: string, userId: number, now: number, expiresAt: number) =>
    db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute(),

  findSessionUser: (db: Db, tokenHash: string, now: number) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.role', 'users.name'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      .where('users.disabled', '=', 0)
      .executeTakeFirst(),

  sessionExpiry: (db: Db, tokenHash: string) => db.selectFrom('sessions').select('expires_at').where('token_hash', '=', tokenHash).executeTakeFirst(),

  deleteSession: (db: Db, tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),

  deleteSessionsOf: (db: Db, userId: number) => db.deleteFrom('sessions').where('user_id', '=', userId).execute(),
};
