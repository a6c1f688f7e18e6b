import type { ChatSettingsInput, CustomSound } from '@switchboard/protocol';
import type { Db } from '../db/database.js';

export interface StoredSettings extends ChatSettingsInput {
  customSound: CustomSound | null;
}

export interface SoundFile {
  type: CustomSound['type'];
  data: Buffer;
}

/** The keys of `org_settings`. */
export type OrgSettingKey = 'click_to_call_template';

export const settingsStorage = {
  orgValue: async (db: Db, key: OrgSettingKey): Promise<string | undefined> =>
    (await db.selectFrom('org_settings').select('value').where('key', '=', key).executeTakeFirst())?.value,

  async saveOrgValue(db: Db, key: OrgSettingKey, value: string, now: number): Promise<void> {
    await db
      .insertInto('org_settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  },

  /** The stored chat settings, or undefined when the user never changed them. */
  async chat(db: Db, userId: number): Promise<ChatSettingsInput | undefined> {
    const row = await db
      .selectFrom('chat_settings')
      .select(['toaster', 'web_notifications', 'play_sound', 'sound'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      toaster: row.toaster === 1,
      webNotifications: row.web_notifications === 1,
      playSound: row.play_sound === 1,
      sound: row.sound as ChatSettingsInput['sound'],
    };
  },

  async saveChat(db: Db, userId: number, input: ChatSettingsInput, now: number): Promise<void> {
    const values = {
      toaster: input.toaster ? 1 : 0,
      web_notifications: input.webNotifications ? 1 : 0,
      play_sound: input.playSound ? 1 : 0,
      sound: input.sound,
      updated_at: now,
    };
    await db
      .insertInto('chat_settings')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  },

  /** The custom sound's description, without its bytes. */
  async customSound(db: Db, userId: number): Promise<CustomSound | null> {
    const row = await db.selectFrom('custom_sounds').select(['name', 'type', 'size']).where('user_id', '=', userId).executeTakeFirst();
    return row ? { name: row.name, type: row.type as CustomSound['type'], size: row.size } : null;
  },

  async soundFile(db: Db, userId: number): Promise<SoundFile | undefined> {
    const row = await db.selectFrom('custom_sounds').select(['type', 'data']).where('user_id', '=', userId).executeTakeFirst();
    return row ? { type: row.type as CustomSound['type'], data: Buffer.from(row.data) } : undefined;
  },

  async saveSound(db: Db, userId: number, sound: CustomSound, data: Buffer, now: number): Promise<void> {
    const values = { name: sound.name, type: sound.type, size: sound.size, data, created_at: now };
    await db
      .insertInto('custom_sounds')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  },

  removeSound: (db: Db, userId: number) => db.deleteFrom('custom_sounds').where('user_id', '=', userId).execute(),
};
