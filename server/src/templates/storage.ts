import type { Template, TemplateCategory, TemplateGroup, TemplateInput, TemplateLanguage } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import { likeContains } from '../db/dialect.js';
import type { TemplatesTable } from '../db/schema.js';
import { transaction } from '../db/transaction.js';

type Row = Pick<TemplatesTable, 'group_id' | 'category_id' | 'title' | 'body' | 'language' | 'updated_at'> & { id: number };

const columns = ['id', 'group_id', 'category_id', 'title', 'body', 'language', 'updated_at'] as const;

function toTemplate(row: Row): Template {
  return {
    id: row.id,
    groupId: row.group_id,
    categoryId: row.category_id,
    title: row.title,
    body: row.body,
    language: row.language as TemplateLanguage,
    updatedAt: Number(row.updated_at),
  };
}

function toRow(input: TemplateInput, now: number) {
  return {
    group_id: input.groupId,
    category_id: input.categoryId ?? null,
    title: input.title,
    body: input.body,
    language: input.language,
    search_text: `${input.title}\n${input.body}`.toLowerCase(),
    updated_at: now,
  };
}

const byName =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b), undefined, { sensitivity: 'base' });

export interface TemplateFilter {
  /** null: every group (an admin). */
  groupIds: number[] | null;
  categoryId?: number;
  language?: TemplateLanguage;
  text?: string;
}

export const templatesStorage = {
  /** The groups a user belongs to, with whether they manage each; every group, managed, for an admin. */
  async groupsOf(db: Db, userId: number, admin: boolean): Promise<TemplateGroup[]> {
    const groups = admin
      ? (await db.selectFrom('groups').select(['id', 'name']).execute()).map((g) => ({ ...g, canManage: true }))
      : (
          await db
            .selectFrom('groups')
            .innerJoin('group_members', 'group_members.group_id', 'groups.id')
            .select(['groups.id', 'groups.name', 'group_members.is_manager'])
            .where('group_members.user_id', '=', userId)
            .execute()
        ).map((g) => ({ id: g.id, name: g.name, canManage: g.is_manager === 1 }));
    return groups.sort(byName((g) => g.name));
  },

  groupExists: async (db: Db, id: number) => (await db.selectFrom('groups').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

  async list(db: Db, filter: TemplateFilter): Promise<Template[]> {
    if (filter.groupIds?.length === 0) return [];
    let query = db.selectFrom('templates').select(columns);
    if (filter.groupIds) query = query.where('group_id', 'in', filter.groupIds);
    if (filter.categoryId !== undefined) query = query.where('category_id', '=', filter.categoryId);
    if (filter.language) query = query.where('language', '=', filter.language);
    for (const word of (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
      query = query.where(likeContains('search_text', word));
    }
    return (await query.limit(1000).execute()).map(toTemplate).sort(byName((t) => t.title));
  },

  async get(db: Db, id: number): Promise<Template | undefined> {
    const row = await db.selectFrom('templates').select(columns).where('id', '=', id).executeTakeFirst();
    return row && toTemplate(row);
  },

  async insert(db: Db, input: TemplateInput, createdBy: number, now: number): Promise<Template> {
    const row = await db
      .insertInto('templates')
      .values({ ...toRow(input, now), created_by: createdBy })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toTemplate(row);
  },

  async update(db: Db, id: number, input: TemplateInput, now: number): Promise<Template> {
    const row = await db.updateTable('templates').set(toRow(input, now)).where('id', '=', id).returning(columns).executeTakeFirstOrThrow();
    return toTemplate(row);
  },

  remove: (db: Db, id: number) => db.deleteFrom('templates').where('id', '=', id).execute(),

  async categories(db: Db, groupIds: number[] | null): Promise<TemplateCategory[]> {
    if (groupIds?.length === 0) return [];
    let query = db.selectFrom('template_categories').select(['id', 'group_id', 'name']);
    if (groupIds) query = query.where('group_id', 'in', groupIds);
    return (await query.execute()).map((c) => ({ id: c.id, groupId: c.group_id, name: c.name })).sort(byName((c) => c.name));
  },

  async category(db: Db, id: number): Promise<TemplateCategory | undefined> {
    const row = await db.selectFrom('template_categories').select(['id', 'group_id', 'name']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, groupId: row.group_id, name: row.name };
  },

  async insertCategory(db: Db, groupId: number, name: string): Promise<TemplateCategory> {
    const row = await db.insertInto('template_categories').values({ group_id: groupId, name }).returning(['id', 'group_id', 'name']).executeTakeFirstOrThrow();
    return { id: row.id, groupId: row.group_id, name: row.name };
  },

  renameCategory: (db: Db, id: number, name: string) => db.updateTable('template_categories').set({ name }).where('id', '=', id).execute(),

  /** Its templates stay, without a category. */
  async removeCategory(db: Db, id: number): Promise<void> {
    await transaction(db, async (trx) => {
      await trx.updateTable('templates').set({ category_id: null }).where('category_id', '=', id).execute();
      await trx.deleteFrom('template_categories').where('id', '=', id).execute();
    });
  },
};
