import type { ChannelType } from '@switchboard/protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ChannelAccountsTable } from '../../db/schema.js';

export type AccountRow = Selectable<ChannelAccountsTable>;

export interface NewAccount {
  type: ChannelType;
  name: string;
  key: string;
  targetType: 'queue' | 'extension';
  targetId: number;
  settings: string;
  secrets: string;
  now: number;
}

/** The channel_accounts table; only the channels feature writes it. */
export const accountStorage = {
  list: (db: Db, type?: ChannelType) => {
    let query = db.selectFrom('channel_accounts').selectAll().orderBy('name').orderBy('id');
    if (type) query = query.where('type', '=', type);
    return query.execute();
  },

  byId: (db: Db, id: number) => db.selectFrom('channel_accounts').selectAll().where('id', '=', id).executeTakeFirst(),

  byKey: (db: Db, key: string) => db.selectFrom('channel_accounts').selectAll().where('key', '=', key).executeTakeFirst(),

  first: (db: Db, type: ChannelType) => db.selectFrom('channel_accounts').selectAll().where('type', '=', type).orderBy('id').executeTakeFirst(),

  insert: (db: Db, a: NewAccount) =>
    db
      .insertInto('channel_accounts')
      .values({
        type: a.type,
        name: a.name,
        key: a.key,
        target_type: a.targetType,
        target_id: a.targetId,
        settings: a.settings,
        secrets: a.secrets,
        created_at: a.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),

  update: (db: Db, id: number, changes: { name: string; targetType: 'queue' | 'extension'; targetId: number; settings: string; secrets?: string }) =>
    db
      .updateTable('channel_accounts')
      .set({
        name: changes.name,
        target_type: changes.targetType,
        target_id: changes.targetId,
        settings: changes.settings,
        ...(changes.secrets === undefined ? {} : { secrets: changes.secrets }),
      })
      .where('id', '=', id)
      .executeTakeFirst(),

  setCache: (db: Db, id: number, cache: string) => db.updateTable('channel_accounts').set({ cache }).where('id', '=', id).execute(),

  remove: (db: Db, id: number) => db.deleteFrom('channel_accounts').where('id', '=', id).executeTakeFirst(),

  /** Names of accounts whose chats go to this queue (a queue they use cannot be deleted). */
  namesTargetingQueue: async (db: Db, queueId: number) =>
    (await db.selectFrom('channel_accounts').select('name').where('target_type', '=', 'queue').where('target_id', '=', queueId).orderBy('name').execute()).map(
      (r) => r.name,
    ),
};
