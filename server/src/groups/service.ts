import type { Group, GroupInput } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import { usersStorage } from '../users/storage.js';
import { groupsStorage } from './storage.js';
import { transaction } from '../db/transaction.js';

export class GroupsService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
  ) {}

  async list(actor: Actor): Promise<Group[]> {
    await this.access.require(actor, 'groups.manage');
    return groupsStorage.list(this.db);
  }

  async create(actor: Actor, input: GroupInput): Promise<Group> {
    await this.access.require(actor, 'groups.manage');
    await this.assertMembersExist(input);
    const id = await transaction(this.db, async (trx) => {
      const { id } = await groupsStorage.insert(trx, input.name);
      await groupsStorage.replaceMembers(trx, id, input.members);
      return id;
    });
    return this.get(id);
  }

  async update(actor: Actor, id: number, input: GroupInput): Promise<Group> {
    await this.access.require(actor, 'groups.manage');
    await this.assertMembersExist(input);
    await transaction(this.db, async (trx) => {
      const result = await groupsStorage.rename(trx, id, input.name);
      if (Number(result.numUpdatedRows) === 0) throw errors.notFound('Group');
      await groupsStorage.replaceMembers(trx, id, input.members);
    });
    return this.get(id);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.access.require(actor, 'groups.manage');
    const result = await groupsStorage.remove(this.db, id);
    if (Number(result.numDeletedRows) === 0) throw errors.notFound('Group');
  }

  private async get(id: number): Promise<Group> {
    const [group] = await groupsStorage.list(this.db, [id]);
    if (!group) throw errors.notFound('Group');
    return group;
  }

  private async assertMembersExist(input: GroupInput): Promise<void> {
    const ids = [...new Set(input.members.map((m) => m.userId))];
    if (ids.length !== input.members.length) throw errors.validation('body.members: a user is listed twice');
    if ((await usersStorage.countExisting(this.db, ids)) !== ids.length) {
      throw errors.validation('body.members: unknown user');
    }
  }
}
