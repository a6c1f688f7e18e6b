import type { Template, TemplateCategory, TemplateGroup, TemplateInput, TemplateQuery } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import { templatesStorage } from './storage.js';

/**
 * Quick-response templates belong to a group: its members use them, its managers (and admins)
 * create, edit and delete them and their categories. Nobody sees the templates of a group they are not in.
 */
export class TemplatesService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly clock: Clock,
  ) {}

  groups(actor: Actor): Promise<TemplateGroup[]> {
    return templatesStorage.groupsOf(this.db, actor.id, actor.role === 'admin');
  }

  async list(actor: Actor, query: TemplateQuery): Promise<Template[]> {
    const groupIds = await this.visibleGroups(actor, query.groupId);
    return templatesStorage.list(this.db, { groupIds, categoryId: query.categoryId, language: query.language, text: query.q });
  }

  async create(actor: Actor, input: TemplateInput): Promise<Template> {
    await this.access.require(actor, 'templates.manage', input.groupId);
    await this.assertValid(input);
    return templatesStorage.insert(this.db, input, actor.id, this.clock.now());
  }

  async update(actor: Actor, id: number, input: TemplateInput): Promise<Template> {
    const existing = await this.template(actor, id);
    await this.access.require(actor, 'templates.manage', existing.groupId);
    if (input.groupId !== existing.groupId) await this.access.require(actor, 'templates.manage', input.groupId);
    await this.assertValid(input);
    return templatesStorage.update(this.db, id, input, this.clock.now());
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const existing = await this.template(actor, id);
    await this.access.require(actor, 'templates.manage', existing.groupId);
    await templatesStorage.remove(this.db, id);
  }

  async categories(actor: Actor, groupId?: number): Promise<TemplateCategory[]> {
    return templatesStorage.categories(this.db, await this.visibleGroups(actor, groupId));
  }

  async createCategory(actor: Actor, groupId: number, name: string): Promise<TemplateCategory> {
    await this.access.require(actor, 'templates.manage', groupId);
    if (!(await templatesStorage.groupExists(this.db, groupId))) throw errors.validation('body.groupId: unknown group');
    await this.assertNameFree(groupId, name);
    return templatesStorage.insertCategory(this.db, groupId, name);
  }

  async renameCategory(actor: Actor, id: number, name: string): Promise<TemplateCategory> {
    const category = await this.category(actor, id);
    await this.access.require(actor, 'templates.manage', category.groupId);
    await this.assertNameFree(category.groupId, name, id);
    await templatesStorage.renameCategory(this.db, id, name);
    return { ...category, name };
  }

  async removeCategory(actor: Actor, id: number): Promise<void> {
    const category = await this.category(actor, id);
    await this.access.require(actor, 'templates.manage', category.groupId);
    await templatesStorage.removeCategory(this.db, id);
  }

  /** The groups whose templates the actor may see: one asked for, or all of theirs (null: every group, for an admin). */
  private async visibleGroups(actor: Actor, groupId?: number): Promise<number[] | null> {
    if (groupId !== undefined) {
      await this.access.require(actor, 'templates.use', groupId);
      return [groupId];
    }
    if (actor.role === 'admin') return null;
    return (await templatesStorage.groupsOf(this.db, actor.id, false)).map((g) => g.id);
  }

  /** A template the actor may see; one of another group is "not found" rather than revealed. */
  private async template(actor: Actor, id: number): Promise<Template> {
    const template = await templatesStorage.get(this.db, id);
    if (!template || !(await this.access.allowed(actor, 'templates.use', template.groupId))) throw errors.notFound('Template');
    return template;
  }

  private async category(actor: Actor, id: number): Promise<TemplateCategory> {
    const category = await templatesStorage.category(this.db, id);
    if (!category || !(await this.access.allowed(actor, 'templates.use', category.groupId))) throw errors.notFound('Category');
    return category;
  }

  private async assertValid(input: TemplateInput): Promise<void> {
    if (!(await templatesStorage.groupExists(this.db, input.groupId))) throw errors.validation('body.groupId: unknown group');
    if (input.categoryId == null) return;
    const category = await templatesStorage.category(this.db, input.categoryId);
    if (category?.groupId !== input.groupId) throw errors.validation('body.categoryId: not a category of this group');
  }

  private async assertNameFree(groupId: number, name: string, except?: number): Promise<void> {
    const taken = (await templatesStorage.categories(this.db, [groupId])).some((c) => c.id !== except && c.name.toLowerCase() === name.toLowerCase());
    if (taken) throw errors.conflict(`A category named "${name}" already exists in this group`);
  }
}
