import type { Channel, Message, VisitorSend } from '@switchboard/protocol';
import type { ChatService } from '../chat/service.js';
import { findByClientId } from '../chat/messages.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { publishChange, snapshotMembers } from '../routing/membership.js';
import type { Router } from '../routing/router.js';
import { routingStorage } from '../routing/storage.js';
import { customerChatStorage } from './storage.js';

/** Where a new customer chat goes: a queue, or one colleague's extension. */
export type ChatTarget = { type: 'queue'; queueId: number } | { type: 'extension'; userId: number };

/** A customer as a channel adapter hands it in: any channel, routed alike. */
export interface InboundCustomer {
  id: number;
  name: string;
  channel: Channel;
  /** The channel account it wrote through. */
  accountId: number;
}

/**
 * Takes in what a customer writes, from any channel: stores it, opens a new session when the last one
 * was closed, and routes it: to the agent who had the chat when it was taken and not marked Dealt with,
 * otherwise through the target queue (or straight to the target extension).
 */
export class CustomerIntake {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly chat: ChatService,
    private readonly router: Router,
    private readonly clock: Clock,
  ) {}

  /**
   * `externalId`: the provider's id of the message (a wamid…), kept for reactions and read receipts.
   * `route: false` stores it without opening a session or routing it (a blocked number's messages).
   * `alsoInside` runs in the same transaction (e.g. refreshing the reply window).
   */
  async receive(
    customer: InboundCustomer,
    target: ChatTarget,
    input: VisitorSend,
    options: { externalId?: string; route?: boolean; alsoInside?: (trx: Db) => Promise<unknown> } = {},
  ): Promise<Message> {
    const envelopes: Envelope[] = [];
    const message = await this.db.transaction().execute(async (trx) => {
      const conversationId = await this.conversationFor(trx, customer);
      const conversation = (await routingStorage.lock(trx, conversationId))!;
      const posted = await this.chat.post(trx, conversationId, {
        author: 'customer',
        customerId: customer.id,
        senderName: customer.name,
        clientId: input.clientId,
        body: input.body,
        fileIds: input.fileIds,
        externalId: options.externalId,
      });
      if (!posted) return undefined;
      envelopes.push(...posted.envelopes);
      await options.alsoInside?.(trx);
      if (conversation.state === 'closed' && options.route !== false) envelopes.push(...(await this.reopen(trx, conversation, target)));
      return posted.message;
    });
    this.hub.publish(envelopes);
    return message ?? (await findByClientId(this.db, `c${customer.id}`, input.clientId))!;
  }

  private async conversationFor(trx: Db, customer: InboundCustomer): Promise<number> {
    const existing = await customerChatStorage.conversationOf(trx, customer.id, customer.accountId);
    if (existing) return existing.id;
    const created = await customerChatStorage.insertExternal(trx, {
      channel: customer.channel,
      customerId: customer.id,
      accountId: customer.accountId,
      title: customer.name,
      now: this.clock.now(),
    });
    return created.id;
  }

  private async reopen(trx: Db, conversation: NonNullable<Awaited<ReturnType<typeof routingStorage.lock>>>, target: ChatTarget): Promise<Envelope[]> {
    const now = this.clock.now();
    await routingStorage.openSession(trx, conversation.id, now);
    const owner = conversation.owner_id === null ? undefined : await routingStorage.activeUser(trx, conversation.owner_id);
    if (owner) {
      const before = await snapshotMembers(trx, conversation.id);
      await routingStorage.setMember(trx, conversation.id, owner.id, 'owner', false);
      await routingStorage.update(trx, conversation.id, { state: 'owned' });
      const session = await routingStorage.currentSession(trx, conversation.id);
      await routingStorage.takeSession(trx, session!.id, owner.id, now);
      return publishChange(trx, conversation.id, before, { reason: 'taken', byName: owner.name }, now, true);
    }
    if (target.type === 'extension') return this.router.assign(trx, conversation.id, target.userId);
    const envelopes = await this.router.enqueue(trx, conversation.id, conversation.queue_id ?? target.queueId);
    return envelopes;
  }
}
