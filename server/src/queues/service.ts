import type { Conversation, MyQueue, Queue, QueueInput, QueueRef } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { ConversationCore } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import type { Router } from '../routing/router.js';
import { usersStorage } from '../users/storage.js';
import { queuesStorage } from './storage.js';
import { transaction } from '../db/transaction.js';

/** Chat queues: admins configure them, agents log in and out, agents and managers see who waits. */
export class QueuesService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly router: Router,
    private readonly core: ConversationCore,
  ) {}

  async list(actor: Actor): Promise<Queue[]> {
    await this.access.require(actor, 'queues.manage');
    return queuesStorage.list(this.db);
  }

  async create(actor: Actor, input: QueueInput): Promise<Queue> {
    await this.access.require(actor, 'queues.manage');
    await this.validate(input);
    const id = await transaction(this.db, async (trx) => {
      const { id } = await queuesStorage.insert(trx, input);
      await queuesStorage.replaceMembers(trx, id, input.agentIds, input.managerIds);
      return id;
    });
    return (await queuesStorage.get(this.db, id))!;
  }

  async update(actor: Actor, id: number, input: QueueInput): Promise<Queue> {
    await this.access.require(actor, 'queues.manage');
    await this.validate(input, id);
    await transaction(this.db, async (trx) => {
      const result = await queuesStorage.update(trx, id, input);
      if (Number(result.numUpdatedRows) === 0) throw errors.notFound('Queue');
      await queuesStorage.replaceMembers(trx, id, input.agentIds, input.managerIds);
    });
    await this.router.queueChanged(id);
    return (await queuesStorage.get(this.db, id))!;
  }

  /**
   * A queue with chats waiting in it is not deleted: they would be stranded. Nor is one that a widget
   * or another queue's destination still sends chats to: those chats would have nowhere to go.
   */
  async remove(actor: Actor, id: number): Promise<void> {
    await this.access.require(actor, 'queues.manage');
    await transaction(this.db, async (trx) => {
      if ((await queuesStorage.openChatCount(trx, id)) > 0) {
        throw errors.conflict('Chats are waiting in this queue: transfer them first');
      }
      const used = await queuesStorage.usedBy(trx, id);
      if (used.widgets.length + used.queues.length > 0) throw errors.queueInUse(used.widgets, used.queues);
      const result = await queuesStorage.remove(trx, id);
      if (Number(result.numDeletedRows) === 0) throw errors.notFound('Queue');
    });
  }

  search(text: string | undefined): Promise<QueueRef[]> {
    return queuesStorage.search(this.db, text);
  }

  async mine(actor: Actor): Promise<MyQueue[]> {
    const rows = await queuesStorage.mine(this.db, actor.id);
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      isAgent: r.agent !== null,
      isManager: r.manager !== null,
      loggedIn: r.logged_in === 1,
      waiting: Number(r.waiting ?? 0),
    }));
  }

  /** An agent logs in to (or out of) a queue: only logged-in, available agents are offered its chats. */
  async setLogin(actor: Actor, queueId: number, loggedIn: boolean): Promise<void> {
    const result = await queuesStorage.setLogin(this.db, queueId, actor.id, loggedIn);
    if (Number(result.numUpdatedRows) === 0) throw errors.forbidden('You are not an agent of this queue');
    await this.router.queueChanged(queueId);
  }

  async waiting(actor: Actor, queueId: number): Promise<Conversation[]> {
    await this.access.require(actor, 'queue.view', queueId);
    return this.core.views(actor.id, await queuesStorage.waitingIds(this.db, queueId));
  }

  private async validate(input: QueueInput, exceptId?: number): Promise<void> {
    if (await queuesStorage.numberTaken(this.db, input.number, exceptId)) {
      throw errors.conflict(`Number ${input.number} is already used by a queue or an extension`);
    }
    const people = [...new Set([...input.agentIds, ...input.managerIds])];
    if (new Set(input.agentIds).size !== input.agentIds.length) throw errors.validation('body.agentIds: an agent is listed twice');
    if ((await usersStorage.countExisting(this.db, people)) !== people.length) throw errors.validation('body.agentIds: unknown user');
    for (const [field, destination] of [
      ['noAgentsDestination', input.noAgentsDestination],
      ['timeoutDestination', input.timeoutDestination],
    ] as const) {
      if (destination.type === 'queue' && (destination.queueId === exceptId || !(await queuesStorage.queueExists(this.db, destination.queueId)))) {
        throw errors.validation(`body.${field}: choose another existing queue`);
      }
      if (destination.type === 'extension' && (await usersStorage.countExisting(this.db, [destination.userId])) !== 1) {
        throw errors.validation(`body.${field}: unknown user`);
      }
    }
  }
}
