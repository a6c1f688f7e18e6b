import { withId, type AnyDb, type DialectName } from '../dialect.js';

/**
 * Files sent in conversations. The bytes live in the content store by sha256 (one copy per content);
 * these rows say who sent what under which name. A row belongs to one conversation (null while a
 * visitor's upload is not yet sent) and to at most one message.
 */
export function filesMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await withId(db.schema.createTable('files'), dialect)
        .addColumn('conversation_id', 'integer', (c) => c.references('conversations.id').onDelete('cascade'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('display_sha256', 'text')
        .addColumn('display_mime', 'text')
        .addColumn('thumb_sha256', 'text')
        .addColumn('thumb_mime', 'text')
        .addColumn('uploaded_by_user', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('uploaded_by_customer', 'integer', (c) => c.references('customers.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('files_conversation').on('files').column('conversation_id').execute();
      await db.schema.createIndex('files_sha256').on('files').column('sha256').execute();
      await db.schema.createIndex('files_display_sha256').on('files').column('display_sha256').execute();
      await db.schema.createIndex('files_thumb_sha256').on('files').column('thumb_sha256').execute();

      await db.schema
        .createTable('message_files')
        .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id').onDelete('cascade').unique())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('message_files_pk', ['message_id', 'file_id'])
        .execute();
    },
  };
}
