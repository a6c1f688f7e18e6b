import { sql } from 'kysely';
import type { AnyDb, DialectName } from '../dialect.js';
import { dropColumns, resetIdSequence, withId } from '../dialect.js';

/**
 * The channel model: every way customers reach us is a channel account (live chat widgets migrate,
 * keeping their ids and keys); a customer has one identity per account (a visitor token's hash, a
 * WhatsApp id…), which takes the website-visitor columns out of `customers`; messages to messaging
 * apps go through a durable outbox, and providers' webhooks are stored before they are processed.
 */
export function channelsMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await withId(db.schema.createTable('channel_accounts'), dialect)
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('secrets', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('cache', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      const widgets = await db.selectFrom('widgets').selectAll().execute();
      const now = Date.now();
      for (const w of widgets) {
        const settings = {
          texts: JSON.parse(w.texts),
          askName: w.ask_name === 1,
          askEmail: w.ask_email === 1,
          colour: w.colour,
          language: w.language,
          allowCalls: w.allow_calls === 1,
        };
        await db
          .insertInto('channel_accounts')
          .values({
            id: w.id,
            type: 'livechat',
            name: w.name,
            key: w.key,
            target_type: w.target_type,
            target_id: w.target_id,
            settings: JSON.stringify(settings),
            created_at: now,
          })
          .execute();
      }
      await resetIdSequence(db, dialect, 'channel_accounts');

      await withId(db.schema.createTable('customer_identities'), dialect)
        .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.references('channel_accounts.id').onDelete('set null'))
        /** Per channel: a visitor token's sha256, a WhatsApp id ("wa:…") or business-scoped id ("bsuid:…"), later a page-scoped id or a number. */
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_inbound_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('customer_identities_external', ['account_id', 'external_id'])
        .execute();
      await db.schema.createIndex('customer_identities_customer').on('customer_identities').column('customer_id').execute();
      await db.schema.createIndex('customer_identities_ip').on('customer_identities').columns(['ip', 'created_at']).execute();
      await sql`
        insert into customer_identities (customer_id, account_id, external_id, ip, created_at)
        select id, widget_id, token_hash, ip, created_at from customers where token_hash is not null`.execute(db);

      await db.schema
        .alterTable('conversations')
        .addColumn('account_id', 'integer', (c) => c.references('channel_accounts.id').onDelete('set null'))
        .execute();
      await sql`update conversations set account_id = (select widget_id from customers where customers.id = conversations.customer_id)
        where customer_id is not null`.execute(db);
      await sql`update conversations set channel = 'messenger' where channel = 'facebook'`.execute(db);
      await sql`update customers set channel = 'messenger' where channel = 'facebook'`.execute(db);

      await dropColumns(db, dialect, 'customers', ['ip', 'token_hash', 'widget_id'], {
        indexes: ['customers_ip'],
        recreate: (table) =>
          withId(table, dialect)
            .addColumn('channel', 'text', (c) => c.notNull())
            .addColumn('name', 'text', (c) => c.notNull())
            .addColumn('email', 'text', (c) => c.notNull())
            .addColumn('phone', 'text', (c) => c.notNull())
            .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
            .addColumn('event_seq', 'bigint', (c) => c.notNull().defaultTo(0))
            .addColumn('created_at', 'bigint', (c) => c.notNull()),
        columns: ['id', 'channel', 'name', 'email', 'phone', 'language', 'event_seq', 'created_at'],
      });
      await db.schema.dropTable('widgets').execute();

      for (const [name, type] of [
        ['delivery_state', 'text'],
        ['delivery_error', 'text'],
        ['delivery_at', 'bigint'],
        ['external_id', 'text'],
      ] as const) {
        await db.schema.alterTable('messages').addColumn(name, type).execute();
      }
      await db.schema.createIndex('messages_external').on('messages').column('external_id').execute();

      await db.schema
        .createTable('message_reactions')
        .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        /** "c<customer id>" or "u<user id>": one reaction per person and message, replaced by the next. */
        .addColumn('reactor_key', 'text', (c) => c.notNull())
        .addColumn('by_name', 'text', (c) => c.notNull())
        .addColumn('by_customer', 'integer', (c) => c.notNull())
        .addColumn('emoji', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'reactor_key'])
        .execute();

      await withId(db.schema.createTable('outbox'), dialect)
        .addColumn('message_id', 'integer', (c) => c.notNull().unique().references('messages.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('channel_accounts.id').onDelete('cascade'))
        /** pending (waiting for a sender) → sent, or failed (given up; an agent may retry by hand). */
        .addColumn('state', 'text', (c) => c.notNull())
        /** JSON of what to send beyond the message's text and files: e.g. {"template":{name, language, parameters}}. */
        .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('provider_id', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();

      await withId(db.schema.createTable('webhook_inbox'), dialect)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('channel_accounts.id').onDelete('cascade'))
        /** The provider's id of what the webhook carries (e.g. a wamid), so a retried webhook is stored once. */
        .addColumn('dedupe_key', 'text', (c) => c.unique())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('error', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_inbox_due').on('webhook_inbox').columns(['state', 'next_attempt_at']).execute();
    },
  };
}
