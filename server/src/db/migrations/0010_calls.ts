import { withId, type AnyDb, type DialectName } from '../dialect.js';

/**
 * Voice and video calls: state on the server, so every node can check a signalling frame against the call
 * (which two devices, ringing or connected) and a restart can end what was left open. The caller is always
 * a colleague; the callee a colleague or a live chat visitor (customer). Devices are socket ids, which do
 * not outlive a restart, so nothing else refers to them.
 */
export function callsMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await withId(db.schema.createTable('calls'), dialect)
        .addColumn('conversation_id', 'integer', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('media', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('caller_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('caller_device', 'text', (c) => c.notNull())
        .addColumn('callee_user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('callee_customer_id', 'integer', (c) => c.references('customers.id').onDelete('cascade'))
        .addColumn('callee_device', 'text')
        .addColumn('end_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('ring_until', 'bigint', (c) => c.notNull())
        .addColumn('answered_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('calls_state').on('calls').column('state').execute();
      await db.schema.createIndex('calls_conversation').on('calls').column('conversation_id').execute();
    },
  };
}
