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
};
