import { WidgetTextsByLanguage, type Widget, type WidgetInput } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import type { WidgetsTable } from '../db/schema.js';

type WidgetRow = Omit<WidgetsTable, 'id' | 'texts'> & { id: number; texts: string };

/** Stored texts read leniently: a missing language or field is the built-in text. */
function parseTexts(json: string): WidgetTextsByLanguage {
  const parsed = WidgetTextsByLanguage.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : WidgetTextsByLanguage.parse({});
}

export function toWidget(row: WidgetRow): Widget {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    target: row.target_type === 'queue' ? { type: 'queue', queueId: row.target_id } : { type: 'extension', userId: row.target_id },
    texts: parseTexts(row.texts),
    askName: row.ask_name === 1,
    askEmail: row.ask_email === 1,
    colour: row.colour,
    language: row.language,
    allowCalls: row.allow_calls === 1,
  };
}

function toRow(input: WidgetInput) {
  return {
    name: input.name,
    target_type: input.target.type,
    target_id: input.target.type === 'queue' ? input.target.queueId : input.target.userId,
    texts: JSON.stringify(input.texts),
    ask_name: Number(input.askName),
    ask_email: Number(input.askEmail),
    colour: input.colour,
    language: input.language,
    allow_calls: Number(input.allowCalls),
  };
}

export const livechatStorage = {
  widgets: async (db: Db) => (await db.selectFrom('widgets').selectAll().orderBy('name').execute()).map(toWidget),

  widgetByKey: async (db: Db, key: string) => {
    const row = await db.selectFrom('widgets').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? toWidget(row) : undefined;
  },

  widgetById: async (db: Db, id: number) => {
    const row = await db.selectFrom('widgets').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toWidget(row) : undefined;
  },

  insertWidget: (db: Db, key: string, input: WidgetInput) =>
    db
      .insertInto('widgets')
      .values({ key, ...toRow(input) })
      .returning('id')
      .executeTakeFirstOrThrow(),

  updateWidget: (db: Db, id: number, input: WidgetInput) => db.updateTable('widgets').set(toRow(input)).where('id', '=', id).executeTakeFirst(),

  removeWidget: (db: Db, id: number) => db.deleteFrom('widgets').where('id', '=', id).executeTakeFirst(),

  insertVisitor: (db: Db, values: { name: string; email: string; language: string; ip: string; tokenHash: string; widgetId: number; now: number }) =>
    db
      .insertInto('customers')
      .values({
        channel: 'livechat',
        name: values.name,
        email: values.email,
        phone: '',
        ip: values.ip,
        language: values.language,
        token_hash: values.tokenHash,
        widget_id: values.widgetId,
        created_at: values.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),

  visitorByTokenHash: (db: Db, tokenHash: string) => db.selectFrom('customers').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

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
