import type { Channel, Message, VisitorSend } from '@switchboard/protocol';
import type { Clock } from '../clock.js';
import type { ConversationCore, ConversationRow } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Router } from '../routing/router.js';
import { routingStorage } from '../routing/storage.js';

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
    private readonly core: ConversationCore,
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
    const message = await this.core.inTransaction(async (trx) => {
      const conversation = await this.core.openExternal(trx, customer);
      const conversationId = conversation.id;
      const posted = await this.core.post(trx, conversationId, {
        author: 'customer',
        customerId: customer.id,
        senderName: customer.name,
        clientId: input.clientId,
        body: input.body,
        fileIds: input.fileIds,
        externalId: options.externalId,
      });
      if (!posted) return { value: undefined, envelopes: [] };
      const envelopes = [...posted.envelopes];
      await options.alsoInside?.(trx);
      if (conversation.state === 'closed' && options.route !== false) envelopes.push(...(await this.reopen(trx, conversation, target)));
      return { value: posted.message, envelopes };
    });
    return message ?? (await this.core.findByClientId(`c${customer.id}`, input.clientId))!;
  }

  private async reopen(trx: Db, conversation: ConversationRow, target: ChatTarget): Promise<Envelope[]> {
    const now = this.clock.now();
    await this.core.openSession(trx, conversation.id, now);
    const owner = conversation.owner_id === null ? undefined : await routingStorage.activeUser(trx, conversation.owner_id);
    if (owner) {
      const before = await this.core.snapshot(trx, conversation.id);
      await this.core.setMember(trx, conversation.id, owner.id, 'owner', false);
      await this.core.update(trx, conversation.id, { state: 'owned' });
      await this.core.takeCurrentSession(trx, conversation.id, owner.id, now);
      return this.core.publishChange(trx, conversation.id, before, { reason: 'taken', byName: owner.name }, now, true);
    }
    if (target.type === 'extension') return this.router.assign(trx, conversation.id, target.userId);
    const envelopes = await this.router.enqueue(trx, conversation.id, conversation.queue_id ?? target.queueId);
    return envelopes;
  }
}
