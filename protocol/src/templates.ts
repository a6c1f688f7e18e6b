import { z } from 'zod';
import { CoercedId, Id, Timestamp } from './common.js';
import { NameText, Text } from './text.js';
import { TEMPLATE_LANGUAGES } from './templates-core.js';

export const TemplateLanguage = z.enum(TEMPLATE_LANGUAGES);
export type TemplateLanguage = z.infer<typeof TemplateLanguage>;

const Name = NameText(80);
const OptionalId = CoercedId.optional();

export const TemplateCategory = z.object({ id: Id, groupId: Id, name: z.string() });
export type TemplateCategory = z.infer<typeof TemplateCategory>;

/** A new category: the group is fixed once created. */
export const TemplateCategoryInput = z.object({ groupId: Id, name: Name });
export type TemplateCategoryInput = z.infer<typeof TemplateCategoryInput>;
export const TemplateCategoryRename = z.object({ name: Name });
export type TemplateCategoryRename = z.infer<typeof TemplateCategoryRename>;

export const TemplateCategoryQuery = z.object({ groupId: OptionalId });
export const TemplateCategoryList = z.object({ categories: z.array(TemplateCategory) });
export type TemplateCategoryList = z.infer<typeof TemplateCategoryList>;

export const Template = z.object({
  id: Id,
  groupId: Id,
  categoryId: Id.nullable(),
  title: z.string(),
  body: z.string(),
  language: TemplateLanguage,
  updatedAt: Timestamp,
});
export type Template = z.infer<typeof Template>;

export const TemplateInput = z.object({
  groupId: Id,
  categoryId: Id.nullable().default(null),
  title: NameText(120),
  body: Text().trim().min(1).max(5000),
  language: TemplateLanguage,
});
export type TemplateInput = z.input<typeof TemplateInput>;

/** Every filter is optional; without groupId: the templates of all groups I belong to (admins: all). */
export const TemplateQuery = z.object({
  groupId: OptionalId,
  categoryId: OptionalId,
  language: TemplateLanguage.optional(),
  q: Text().trim().max(100).optional(),
});
export type TemplateQuery = z.infer<typeof TemplateQuery>;

export const TemplateList = z.object({ templates: z.array(Template) });
export type TemplateList = z.infer<typeof TemplateList>;

/** A group whose templates I may use; canManage: I may also create, edit and delete them. */
export const TemplateGroup = z.object({ id: Id, name: z.string(), canManage: z.boolean() });
export type TemplateGroup = z.infer<typeof TemplateGroup>;
export const TemplateGroupList = z.object({ groups: z.array(TemplateGroup) });
export type TemplateGroupList = z.infer<typeof TemplateGroupList>;

export { fillTemplate, TEMPLATE_LANGUAGES, TEMPLATE_PLACEHOLDERS, type TemplateValues } from './templates-core.js';
