import type { AnyDb, DialectName } from '../dialect.js';
import { withId } from '../dialect.js';

/** Quick-response templates and their categories, both owned by a group. */
export function templatesMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await withId(db.schema.createTable('template_categories'), dialect)
        .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('template_categories_group').on('template_categories').column('group_id').execute();

      await withId(db.schema.createTable('templates'), dialect)
        .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('category_id', 'integer', (c) => c.references('template_categories.id').onDelete('set null'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('templates_group').on('templates').columns(['group_id', 'language']).execute();
      await db.schema.createIndex('templates_category').on('templates').column('category_id').execute();
    },
  };
}
