import { LiveChatSettings, WhatsAppSettings, type ChannelType } from '@switchboard/protocol';
import type { Db } from '../../db/database.js';
import type { AccountContext } from '../adapter.js';
import type { SecretBox } from '../secrets.js';
import { accountStorage, type AccountRow } from './storage.js';

const SETTINGS: Partial<Record<ChannelType, { parse(v: unknown): unknown }>> = { livechat: LiveChatSettings, whatsapp: WhatsAppSettings };

/** Channel accounts as connectors see them: settings parsed by their type's schema, secrets opened. */
export class AccountDirectory {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async byId(id: number): Promise<AccountContext | undefined> {
    const row = await accountStorage.byId(this.db, id);
    return row && this.context(row);
  }

  async byKey(key: string): Promise<AccountContext | undefined> {
    const row = await accountStorage.byKey(this.db, key);
    return row && this.context(row);
  }

  private context(row: AccountRow): AccountContext {
    const schema = SETTINGS[row.type];
    return {
      id: row.id,
      type: row.type,
      name: row.name,
      key: row.key,
      settings: schema ? schema.parse(JSON.parse(row.settings)) : JSON.parse(row.settings),
      secrets: this.box.open(row.secrets),
    };
  }
}
