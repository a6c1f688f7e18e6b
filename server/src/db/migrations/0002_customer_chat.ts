import type { AnyDb, DialectName } from '../dialect.js';
import { withId } from '../dialect.js';

export function customerChat(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await withId(db.schema.createTable('queues'), dialect)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('strategy', 'text', (c) => c.notNull())
        .addColumn('ring_time_s', 'integer', (c) => c.notNull())
        .addColumn('max_wait_s', 'integer', (c) => c.notNull())
        .addColumn('no_agents_destination', 'text', (c) => c.notNull())
        .addColumn('timeout_destination', 'text', (c) => c.notNull())
        .addColumn('last_taken_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .execute();

      await db.schema
        .createTable('queue_agents')
        .addColumn('queue_id', 'integer', (c) => c.notNull().references('queues.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('logged_in', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('queue_agents_pk', ['queue_id', 'user_id'])
        .execute();
      await db.schema.createIndex('queue_agents_user').on('queue_agents').column('user_id').execute();

      await db.schema
        .createTable('queue_managers')
        .addColumn('queue_id', 'integer', (c) => c.notNull().references('queues.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('queue_managers_pk', ['queue_id', 'user_id'])
        .execute();

      await withId(db.schema.createTable('widgets'), dialect)
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('greeting', 'text', (c) => c.notNull())
        .addColumn('ask_name', 'integer', (c) => c.notNull())
        .addColumn('ask_email', 'integer', (c) => c.notNull())
        .addColumn('colour', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('allow_calls', 'integer', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('customers'), dialect)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('token_hash', 'text', (c) => c.unique())
        .addColumn('widget_id', 'integer', (c) => c.references('widgets.id').onDelete('set null'))
        .addColumn('event_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customers_ip').on('customers').columns(['ip', 'created_at']).execute();

      await db.schema
        .createTable('customer_events')
        .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_events_pk', ['customer_id', 'seq'])
        .execute();
      await db.schema.createIndex('customer_events_created').on('customer_events').column('created_at').execute();

      const addToConversations: [string, 'text' | 'integer' | 'bigint', string?][] = [
        ['channel', 'text'],
        ['state', 'text'],
        ['customer_id', 'integer', 'customers.id'],
        ['queue_id', 'integer', 'queues.id'],
        ['owner_id', 'integer', 'users.id'],
        ['last_owner_id', 'integer', 'users.id'],
        ['waiting_since', 'bigint'],
        ['next_route_at', 'bigint'],
      ];
      for (const [name, type, references] of addToConversations) {
        await db.schema
          .alterTable('conversations')
          .addColumn(name, type, (c) => (references ? c.references(references).onDelete('set null') : c))
          .execute();
      }
      await db.schema
        .alterTable('conversations')
        .addColumn('offer_round', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('conversations')
        .addColumn('offline_replied', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('conversations_customer').on('conversations').column('customer_id').execute();
      await db.schema.createIndex('conversations_routing').on('conversations').columns(['state', 'next_route_at']).execute();

      await db.schema
        .alterTable('conversation_members')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
        .execute();
      await db.schema
        .alterTable('conversation_members')
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await withId(db.schema.createTable('chat_sessions'), dialect)
        .addColumn('conversation_id', 'integer', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('close_reason', 'text')
        .addColumn('taken_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('taken_at', 'bigint')
        .execute();
      await db.schema.createIndex('chat_sessions_conversation').on('chat_sessions').column('conversation_id').execute();
      await db.schema.createIndex('chat_sessions_taken').on('chat_sessions').columns(['taken_by', 'taken_at']).execute();

      await withId(db.schema.createTable('ip_blocks'), dialect)
        .addColumn('ip', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('customer_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
