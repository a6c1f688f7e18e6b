import type { Db } from '../db/database.js';
import { likeContains } from '../db/dialect.js';

export const teamStorage = {
  groupIdsOf: async (db: Db, userId: number) =>
    (await db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute()).map((r) => r.group_id),

  groups: (db: Db, ids: number[] | 'all') => {
    const query = db.selectFrom('groups').select(['id', 'name']).orderBy('name');
    return (ids === 'all' ? query : query.where('id', 'in', ids.length ? ids : [0])).execute();
  },

  membersOf: (db: Db, groupIds: number[], exceptUserId: number) =>
    db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .select(['users.id', 'users.name', 'users.email', 'users.extension', 'users.status', 'group_members.group_id'])
      .where('group_members.group_id', 'in', groupIds.length ? groupIds : [0])
      .where('users.disabled', '=', 0)
      .where('users.id', '!=', exceptUserId)
      .execute(),

  favouriteIds: async (db: Db, userId: number) =>
    new Set((await db.selectFrom('favourites').select('favourite_id').where('user_id', '=', userId).execute()).map((r) => r.favourite_id)),

  addFavourite: (db: Db, userId: number, favouriteId: number) =>
    db
      .insertInto('favourites')
      .values({ user_id: userId, favourite_id: favouriteId })
      .onConflict((oc) => oc.columns(['user_id', 'favourite_id']).doNothing())
      .execute(),

  removeFavourite: (db: Db, userId: number, favouriteId: number) =>
    db.deleteFrom('favourites').where('user_id', '=', userId).where('favourite_id', '=', favouriteId).execute(),

  activeUser: (db: Db, id: number) => db.selectFrom('users').select(['id', 'status']).where('id', '=', id).where('disabled', '=', 0).executeTakeFirst(),

  setStatus: (db: Db, id: number, status: 'available' | 'away' | 'dnd') => db.updateTable('users').set({ status }).where('id', '=', id).execute(),

  /** Everyone who may see the user's presence: group mates, internal chat partners, admins, the user. */
  presenceAudience: async (db: Db, userId: number) => {
    const [mates, partners, admins] = await Promise.all([
      db
        .selectFrom('group_members as mine')
        .innerJoin('group_members as theirs', 'theirs.group_id', 'mine.group_id')
        .select('theirs.user_id')
        .where('mine.user_id', '=', userId)
        .execute(),
      db
        .selectFrom('conversation_members as mine')
        .innerJoin('conversations', 'conversations.id', 'mine.conversation_id')
        .innerJoin('conversation_members as theirs', 'theirs.conversation_id', 'mine.conversation_id')
        .select('theirs.user_id')
        .where('mine.user_id', '=', userId)
        .where('conversations.kind', '!=', 'external')
        .execute(),
      db.selectFrom('users').select('id as user_id').where('role', '=', 'admin').execute(),
    ]);
    return [...new Set([userId, ...[...mates, ...partners, ...admins].map((r) => r.user_id)])];
  },

  search: (db: Db, text: string, exceptUserId: number) => {
    return db
      .selectFrom('users')
      .select(['id', 'name', 'extension', 'status'])
      .where('disabled', '=', 0)
      .where('id', '!=', exceptUserId)
      .where((eb) => eb.or([likeContains(eb.fn('lower', ['name']), text.toLowerCase()), likeContains('extension', text)]))
      .orderBy('name')
      .limit(20)
      .execute();
  },
};
