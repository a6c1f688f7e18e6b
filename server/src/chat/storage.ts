import type { Db } from '../db/database.js';

/** What internal chats read beyond the conversation itself (which `conversations/` owns). */
export const chatStorage = {
  activeUserCount: async (db: Db, ids: number[]) => {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** The colleagues' names, in the order of the ids (for a group chat's system lines). */
  userNames: async (db: Db, ids: number[]): Promise<string[]> => {
    if (ids.length === 0) return [];
    const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    return ids.map((id) => byId.get(id) ?? '');
  },
};
