import { LiveChatSettings, MessengerSettings, SmsSettings, WhatsAppSettings, type ChannelType } from '@switchboard/protocol';
import type { Db } from '../../db/database.js';
import type { AccountContext } from '../adapter.js';
import type { SecretBox } from '../secrets.js';
import { accountStorage, type AccountRow } from './storage.js';

const SETTINGS: Partial<Record<ChannelType, { parse(v: unknown): unknown }>> = {
  livechat: LiveChatSettings,
  whatsapp: WhatsAppSettings,
  messenger: MessengerSettings,
  sms: SmsSettings,
};

/**
 * Kept this long in memory: every webhook and every send needs its account, and reading, parsing and
 * decrypting it each time cost more than the rest of an acknowledgement. An admin's change (or another
 * node's) is seen within this time; this node's own changes call `forget` and are seen at once.
 */
const CACHE_MS = 5_000;

/** Channel accounts as connectors see them: settings parsed by their type's schema, secrets opened. */
export class AccountDirectory {
  private readonly cache = new Map<string, { at: number; context: AccountContext | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  byId(id: number): Promise<AccountContext | undefined> {
    return this.cached(`id:${id}`, () => accountStorage.byId(this.db, id));
  }

  byKey(key: string): Promise<AccountContext | undefined> {
    return this.cached(`key:${key}`, () => accountStorage.byKey(this.db, key));
  }

  /** After an account changed or went: the next use reads it again. */
  forget(): void {
    this.cache.clear();
  }

  private async cached(key: string, read: () => Promise<AccountRow | undefined>): Promise<AccountContext | undefined> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.context;
    const row = await read();
    const context = row && this.context(row);
    // Unknown keys are not kept: someone probing URLs must not fill the memory.
    if (context) this.cache.set(key, { at: this.now(), context });
    else this.cache.delete(key);
    return context;
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
