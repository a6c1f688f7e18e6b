import type { Group, GroupMember } from '@switchboard/protocol';
import type { Db } from '../db/database.js';

export const groupsStorage = {
  async list(db: Db, onlyIds?: number[]): Promise<Group[]> {
    let query = db.selectFrom('groups').select(['id', 'name']).orderBy('name');
    if (onlyIds) query = query.where('id', 'in', onlyIds.length ? onlyIds : [0]);
    const groups = await query.execute();
    const members = await db
      .selectFrom('group_members')
      .select(['group_id', 'user_id', 'is_manager'])
      .where('group_id', 'in', groups.length ? groups.map((g) => g.id) : [0])
      .execute();
    return groups.map((g) => ({
      ...g,
      members: members.filter((m) => m.group_id === g.id).map((m) => ({ userId: m.user_id, isManager: m.is_manager === 1 })),
    }));
  },

  insert: (db: Db, name: string) => db.insertInto('groups').values({ name }).returning('id').executeTakeFirstOrThrow(),

  rename: (db: Db, id: number, name: string) => db.updateTable('groups').set({ name }).where('id', '=', id).executeTakeFirst(),

  async replaceMembers(db: Db, groupId: number, members: GroupMember[]): Promise<void> {
    await db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    if (members.length === 0) return;
    await db
      .insertInto('group_members')
      .values(members.map((m) => ({ group_id: groupId, user_id: m.userId, is_manager: Number(m.isManager) })))
      .execute();
  },

  remove: (db: Db, id: number) => db.deleteFrom('groups').where('id', '=', id).executeTakeFirst(),
};
