import type { CreateUser, Me, UpdateUser, User } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { AuthService } from '../auth/service.js';
import { hashPassword } from '../auth/passwords.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Updateable } from 'kysely';
import type { UsersTable } from '../db/schema.js';
import { errors } from '../http/errors.js';
import type { Hub } from '../events/hub.js';
import { toUser } from './mapping.js';
import { renamedEvents } from './renames.js';
import { usersStorage } from './storage.js';
import { transaction } from '../db/transaction.js';

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly hub: Hub,
  ) {}

  async me(actor: Actor): Promise<Me> {
    const row = await usersStorage.find(this.db, actor.id);
    if (!row) throw errors.unauthenticated();
    return { user: toUser(row), status: row.status };
  }

  async list(actor: Actor): Promise<User[]> {
    await this.access.require(actor, 'users.manage');
    return (await usersStorage.list(this.db)).map(toUser);
  }

  async create(actor: Actor, input: CreateUser): Promise<User> {
    await this.access.require(actor, 'users.manage');
    return this.createUnchecked(input);
  }

  /** For seeding on first start, before anyone can sign in. */
  async createUnchecked(input: CreateUser): Promise<User> {
    await this.assertUnique(input.email, input.extension);
    const row = await usersStorage.insert(this.db, {
      email: input.email,
      name: input.name,
      extension: input.extension,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: this.clock.now(),
    });
    return toUser(row);
  }

  async update(actor: Actor, id: number, input: UpdateUser): Promise<User> {
    await this.access.require(actor, 'users.manage');
    if (id === actor.id && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw errors.validation('You cannot disable yourself or give up your own admin role');
    }
    await this.assertUnique(input.email, input.extension, id);
    const changes: Updateable<UsersTable> = {
      name: input.name,
      email: input.email,
      extension: input.extension,
      role: input.role,
      disabled: input.disabled === undefined ? undefined : Number(input.disabled),
      password_hash: input.password ? await hashPassword(input.password) : undefined,
    };
    const { row, envelopes } = await transaction(this.db, async (trx) => {
      const before = input.name === undefined ? undefined : await usersStorage.find(trx, id);
      const row = await usersStorage.update(trx, id, changes);
      const renamed = row && before && before.name !== row.name;
      return { row, envelopes: renamed ? await renamedEvents(trx, id, row.name, this.clock.now()) : [] };
    });
    if (!row) throw errors.notFound('User');
    this.hub.publish(envelopes);
    if (input.disabled || input.password) {
      await this.auth.endAllSessions(id);
    }
    return toUser(row);
  }

  private async assertUnique(email: string | undefined, extension: string | undefined, exceptId?: number) {
    if (email === undefined && extension === undefined) return;
    const clash = await usersStorage.findClash(this.db, email, extension, exceptId);
    if (!clash) return;
    if (email && clash.email.toLowerCase() === email.toLowerCase()) throw errors.conflict(`Email ${email} is already in use`);
    throw errors.conflict(`Extension ${extension} is already in use`);
  }
}
