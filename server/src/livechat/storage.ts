import { LiveChatSettings, type Widget, type WidgetInput } from '@switchboard/protocol';
import type { Selectable } from 'kysely';
import { accountStorage } from '../channels/accounts/storage.js';
import { customerStorage } from '../customers/storage.js';
import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { ChannelAccountsTable } from '../db/schema.js';

type AccountRow = Selectable<ChannelAccountsTable>;

/** Stored settings read leniently: a missing language or field is the built-in text or default. */
function parseSettings(json: string): LiveChatSettings {
  const parsed = LiveChatSettings.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : LiveChatSettings.parse({});
}

/** A live chat channel account, as the widget routes (kept as aliases of /api/admin/channels) show it. */
export function toWidget(row: Pick<AccountRow, 'id' | 'key' | 'name' | 'target_type' | 'target_id' | 'settings'>): Widget {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    target: row.target_type === 'queue' ? { type: 'queue', queueId: row.target_id } : { type: 'extension', userId: row.target_id },
    ...parseSettings(row.settings),
  };
}

function settingsOf(input: WidgetInput): string {
  const { texts, askName, askEmail, colour, language, allowCalls } = input;
  return JSON.stringify({ texts, askName, askEmail, colour, language, allowCalls } satisfies LiveChatSettings);
}

const target = (input: WidgetInput) => ({
  targetType: input.target.type,
  targetId: input.target.type === 'queue' ? input.target.queueId : input.target.userId,
});

const visitorSessionOf = prepared((db: Db, tokenHash: string, ip: string) =>
  db
    .selectFrom('customer_identities as ci')
    .innerJoin('customers', 'customers.id', 'ci.customer_id')
    .innerJoin('channel_accounts as account', 'account.id', 'ci.account_id')
    .select((eb) => [
      'customers.id as visitor_id',
      'customers.name as visitor_name',
      'customers.email as visitor_email',
      'account.id',
      'account.key',
      'account.name',
      'account.type',
      'account.target_type',
      'account.target_id',
      'account.settings',
      eb
        .exists(
          eb
            .selectFrom('ip_blocks')
            .select('ip_blocks.id')
            .where((w) => w.or([w('ip_blocks.ip', '=', ip), w('ip_blocks.ip', '=', w.ref('ci.ip'))])),
        )
        .as('blocked'),
      eb.exists(eb.selectFrom('queues').select('queues.id').whereRef('queues.id', '=', 'account.target_id')).as('queue_exists'),
    ])
    .where('ci.external_id', '=', tokenHash)
    .limit(1),
);

export const livechatStorage = {
  widgets: async (db: Db) => (await accountStorage.list(db, 'livechat')).map(toWidget),

  widgetByKey: async (db: Db, key: string) => {
    const row = await accountStorage.byKey(db, key);
    return row?.type === 'livechat' ? toWidget(row) : undefined;
  },

  widgetById: async (db: Db, id: number) => {
    const row = await accountStorage.byId(db, id);
    return row?.type === 'livechat' ? toWidget(row) : undefined;
  },

  insertWidget: (db: Db, key: string, input: WidgetInput, now: number) =>
    accountStorage.insert(db, { type: 'livechat', name: input.name, key, ...target(input), settings: settingsOf(input), secrets: '', now }),

  updateWidget: async (db: Db, id: number, input: WidgetInput) => {
    const row = await accountStorage.byId(db, id);
    if (row?.type !== 'livechat') return false;
    await accountStorage.update(db, id, { name: input.name, ...target(input), settings: settingsOf(input) });
    return true;
  },

  removeWidget: async (db: Db, id: number) => {
    const row = await accountStorage.byId(db, id);
    if (row?.type !== 'livechat') return false;
    await accountStorage.remove(db, id);
    return true;
  },

  insertVisitor: async (db: Db, values: { name: string; email: string; language: string; ip: string; tokenHash: string; widgetId: number; now: number }) => {
    const id = await customerStorage.insertWithIdentity(db, {
      channel: 'livechat',
      name: values.name,
      email: values.email,
      phone: '',
      language: values.language,
      accountId: values.widgetId,
      externalId: values.tokenHash,
      ip: values.ip,
      now: values.now,
    });
    // A token is 32 random bytes: its hash cannot collide with an existing visitor's.
    if (id === undefined) throw new Error('visitor token collision');
    return { id };
  },

  /**
   * What every visitor request checks, in one read: the visitor behind the token's hash with its widget, whether
   * its IP (when it started, or `ip` now) is blocked, and whether the widget's queue is still there. Asked apart
   * it was four statements (four round trips on PostgreSQL) before each of a burst's first messages.
   */
  visitorSession: async (db: Db, tokenHash: string, ip: string) => (await visitorSessionOf(db, tokenHash, ip))[0],

  blocks: (db: Db) =>
    db
      .selectFrom('ip_blocks')
      .leftJoin('users', 'users.id', 'ip_blocks.created_by')
      .select(['ip_blocks.id', 'ip_blocks.ip', 'ip_blocks.created_at', 'ip_blocks.created_by', 'ip_blocks.customer_name', 'users.name as created_by_name'])
      .orderBy('ip_blocks.created_at', 'desc')
      .execute(),

  removeBlock: (db: Db, id: number) => db.deleteFrom('ip_blocks').where('id', '=', id).executeTakeFirst(),

  userActive: async (db: Db, id: number) =>
    (await db.selectFrom('users').select('id').where('id', '=', id).where('disabled', '=', 0).executeTakeFirst()) !== undefined,

  queueExists: async (db: Db, id: number) => (await db.selectFrom('queues').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

  /** Whether any logged-in agent of the queue is available right now, as judged by `online`. */
  async queueHasAvailableAgent(db: Db, queueId: number, online: (userId: number) => boolean): Promise<boolean> {
    const rows = await db
      .selectFrom('queue_agents')
      .innerJoin('users', 'users.id', 'queue_agents.user_id')
      .select('users.id')
      .where('queue_agents.queue_id', '=', queueId)
      .where('queue_agents.logged_in', '=', 1)
      .where('users.disabled', '=', 0)
      .where('users.status', '=', 'available')
      .execute();
    return rows.some((r) => online(r.id));
  },
};
