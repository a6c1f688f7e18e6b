import type { Db } from '../db/database.js';
import type { Insertable, Updateable } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import { userColumns } from './mapping.js';

export const usersStorage = {
  list: (db: Db) => db.selectFrom('users').select(userColumns).orderBy('name').execute(),

  enabledIds: async (db: Db) => (await db.selectFrom('users').select('id').where('disabled', '=', 0).execute()).map((r) => r.id),

  find: (db: Db, id: number) => db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst(),

  count: async (db: Db) => {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Another user already holding this email or extension, if any. */
  findClash: (db: Db, email: string | undefined, extension: string | undefined, exceptId = 0) =>
    db
      .selectFrom('users')
      .select(['id', 'email', 'extension'])
      .where('id', '!=', exceptId)
      .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', (email ?? '').toLowerCase()), eb('extension', '=', extension ?? '')]))
      .executeTakeFirst(),

  /** How many of these users exist, to check a list of ids in one query. */
  countExisting: async (db: Db, ids: number[]) => {
    if (ids.length === 0) return 0;
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  insert: (db: Db, row: Insertable<UsersTable>) => db.insertInto('users').values(row).returning(userColumns).executeTakeFirstOrThrow(),

  /** With nothing to change (an empty PATCH) the row is read, not updated: `UPDATE … SET` with no column is invalid SQL. */
  update: (db: Db, id: number, changes: Updateable<UsersTable>) =>
    Object.values(changes).some((v) => v !== undefined)
      ? db.updateTable('users').set(changes).where('id', '=', id).returning(userColumns).executeTakeFirst()
      : db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst(),
};
