import { LiveChatSettings, type Widget, type WidgetInput } from '@switchboard/protocol';
import type { Selectable } from 'kysely';
import { accountStorage } from '../channels/accounts/storage.js';
import { customerStorage } from '../customers/storage.js';
import type { Db } from '../db/database.js';
import { Statement } from '../db/statement.js';
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

/** Who a visitor's token belongs to, as `visitorSessions` reads it. */
export interface VisitorSessionRow {
  visitor_id: number;
  visitor_name: string;
  visitor_email: string;
  id: AccountRow['id'];
  key: AccountRow['key'];
  name: AccountRow['name'];
  target_type: AccountRow['target_type'];
  target_id: AccountRow['target_id'];
  settings: AccountRow['settings'];
  /** The visitor's IP now or when they came is blocked. */
  blocked: boolean | number;
  queue_exists: boolean | number;
}

/** A visitor's request to check: the hash of the token it carries and the address it came from. */
export interface VisitorAsking {
  tokenHash: string;
  ip: string;
}

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
   * What visitors' requests check, several in one read, answered by the caller's key for each: the visitor behind
   * the token's hash with its widget, whether its address (now, or when it came) is blocked, and whether the
   * widget's queue is still there. Asked apart it was four statements (four round trips on PostgreSQL) before
   * each of a burst's first messages, then one per request.
   */
  visitorSessions: async (db: Db, asking: Map<string, VisitorAsking>): Promise<Map<string, VisitorSessionRow>> => {
    const keys = [...asking.keys()];
    const statement = new Statement(db).text('with asked(n, token_hash, ip) as (').table(
      [
        ['n', 'integer'],
        ['token_hash', 'text'],
        ['ip', 'text'],
      ],
      [...asking.values()].map(({ tokenHash, ip }, n) => [n, tokenHash, ip]),
    );
    const { rows } = await statement
      .text(`)
      select asked.n, customers.id as visitor_id, customers.name as visitor_name, customers.email as visitor_email,
        account.id, account.key, account.name, account.target_type, account.target_id, account.settings,
        exists (select 1 from ip_blocks where ip_blocks.ip = asked.ip or ip_blocks.ip = ci.ip) as blocked,
        exists (select 1 from queues where queues.id = account.target_id) as queue_exists
      from asked
      inner join customer_identities ci on ci.external_id = asked.token_hash
      inner join customers on customers.id = ci.customer_id
      inner join channel_accounts account on account.id = ci.account_id and account.type = 'livechat'`)
      .execute<VisitorSessionRow & { n: number }>();
    return new Map(rows.map(({ n, ...row }) => [keys[Number(n)]!, row]));
  },

  blocks: (db: Db) =>
    db
      .selectFrom('ip_blocks')
      .leftJoin('users', 'users.id', 'ip_blocks.created_by')
      .select(['ip_blocks.id', 'ip_blocks.ip', 'ip_blocks.created_at', 'ip_blocks.created_by', 'ip_blocks.customer_name', 'users.name as created_by_name'])
      .orderBy('ip_blocks.created_at', 'desc')
      .execute(),

  removeBlock: (db: Db, id: number) => db.deleteFrom('ip_blocks').where('id', '=', id).executeTakeFirst(),

  /** The queue's agents logged in and available (whether they are online is not the database's to say). */
  async availableAgentIds(db: Db, queueId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('queue_agents')
      .innerJoin('users', 'users.id', 'queue_agents.user_id')
      .select('users.id')
      .where('queue_agents.queue_id', '=', queueId)
      .where('queue_agents.logged_in', '=', 1)
      .where('users.disabled', '=', 0)
      .where('users.status', '=', 'available')
      .execute();
    return rows.map((r) => r.id);
  },
};
