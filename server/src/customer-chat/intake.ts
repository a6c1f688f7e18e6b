import type { Message, VisitorSend } from '@switchboard/protocol';
import type { Clock } from '../clock.js';
import type { ConversationCore, ConversationRow, ExternalCustomer } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { DialectName } from '../db/dialect.js';
import { GroupCommit } from '../db/group-commit.js';
import type { Envelope } from '../events/bus.js';
import type { Router } from '../routing/router.js';
import { routingStorage } from '../routing/storage.js';

/** Where a new customer chat goes: a queue, or one colleague's extension. */
export type ChatTarget = { type: 'queue'; queueId: number } | { type: 'extension'; userId: number };

/** A customer as a channel adapter hands it in: any channel, routed alike. */
export type InboundCustomer = ExternalCustomer;

/** What `receive` may be told besides the message. */
export interface ReceiveOptions {
  /** The provider's id of the message (a wamid…), kept for reactions and read receipts. */
  externalId?: string;
  /** false: store it without opening a session or routing it (a blocked number's messages). */
  route?: boolean;
  /** Runs in the same transaction (e.g. refreshing the reply window). */
  alsoInside?: (trx: Db) => Promise<unknown>;
}

interface Arrival {
  customer: InboundCustomer;
  target: ChatTarget;
  input: VisitorSend;
  options: ReceiveOptions;
}

/**
 * Customers' messages taken in together at most: a batch's chats are offered with one read of their queue and
 * its agents, and one statement per table, and its offers leave in one write per agent's socket. On SQLite a
 * batch runs to its end without giving the event loop back (its statements do not wait), so every socket
 * waits for it: a hundred keeps that near 0.1 s in a Ring all burst. On PostgreSQL a batch is ~20 round trips
 * whatever its size and the server serves others while it waits: with up to 300 a batch, the burst's first
 * offer p99 was lower in each of eight alternating runs (1.55–2.40 s against 2.32–2.71 s with 100).
 */
const MAX_ARRIVALS_TOGETHER: Record<DialectName, number> = { sqlite: 100, postgres: 300 };

/**
 * Takes in what a customer writes, from any channel: stores it, opens a new session when the last one
 * was closed, and routes it: to the agent who had the chat when it was taken and not marked Dealt with,
 * otherwise through the target queue (or straight to the target extension).
 *
 * Messages that arrive while a batch is being written wait for the next one and share it (db/group-commit.ts;
 * one that fails fails alone): a thousand customers writing within a second were a thousand transactions of
 * ~25 statements each, every one reading the same queue and agents, and on PostgreSQL every statement a round trip.
 */
export class CustomerIntake {
  private readonly arrivals: GroupCommit<Arrival, Message | undefined>;

  constructor(
    private readonly core: ConversationCore,
    private readonly router: Router,
    private readonly clock: Clock,
    dialect: DialectName,
  ) {
    this.arrivals = new GroupCommit((batch) => this.receiveAll(batch), MAX_ARRIVALS_TOGETHER[dialect]);
  }

  async receive(customer: InboundCustomer, target: ChatTarget, input: VisitorSend, options: ReceiveOptions = {}): Promise<Message> {
    const message = await this.arrivals.run({ customer, target, input, options });
    return message ?? (await this.core.findByClientId(`c${customer.id}`, input.clientId))!;
  }

  /** Stores the arrivals' messages in one transaction and routes each chat they reopen, once; undefined for a message stored before. */
  private receiveAll(arrivals: readonly Arrival[]): Promise<(Message | undefined)[]> {
    return this.core.inTransaction(async (trx) => {
      const conversations = await this.core.openExternals(
        trx,
        arrivals.map((a) => a.customer),
      );
      const posted = await this.core.postAll(
        trx,
        arrivals.map(({ customer, input, options }, i) => ({
          conversationId: conversations[i]!.id,
          message: {
            author: 'customer' as const,
            customerId: customer.id,
            senderName: customer.name,
            clientId: input.clientId,
            body: input.body,
            fileIds: input.fileIds,
            externalId: options.externalId,
          },
        })),
      );
      const envelopes = posted.flatMap((p) => p?.envelopes ?? []);
      // A closed chat opens once, however many of its customer's messages came together.
      const reopened = new Map<number, { conversation: ConversationRow; target: ChatTarget }>();
      for (const [i, { options, target }] of arrivals.entries()) {
        if (!posted[i]) continue;
        await options.alsoInside?.(trx);
        const conversation = conversations[i]!;
        if (conversation.state === 'closed' && options.route !== false) reopened.set(conversation.id, { conversation, target });
      }
      envelopes.push(...(await this.reopen(trx, [...reopened.values()])));
      return { value: posted.map((p) => p?.message), envelopes };
    });
  }

  private async reopen(trx: Db, chats: readonly { conversation: ConversationRow; target: ChatTarget }[]): Promise<Envelope[]> {
    const now = this.clock.now();
    await this.core.openSessions(
      trx,
      chats.map((c) => c.conversation.id),
      now,
    );
    const envelopes: Envelope[] = [];
    const queued: { conversationId: number; queueId: number }[] = [];
    for (const { conversation, target } of chats) {
      const owner = conversation.owner_id === null ? undefined : await routingStorage.activeUser(trx, conversation.owner_id);
      if (owner) envelopes.push(...(await this.backToOwner(trx, conversation.id, owner, now)));
      else if (target.type === 'extension') envelopes.push(...(await this.router.assign(trx, conversation.id, target.userId)));
      else queued.push({ conversationId: conversation.id, queueId: conversation.queue_id ?? target.queueId });
    }
    return [...envelopes, ...(await this.router.enqueueAll(trx, queued))];
  }

  /** The chat goes back to the agent who had it when it was taken and not marked Dealt with. */
  private async backToOwner(trx: Db, conversationId: number, owner: { id: number; name: string }, now: number): Promise<Envelope[]> {
    const before = await this.core.snapshot(trx, conversationId);
    await this.core.setMember(trx, conversationId, owner.id, 'owner', false);
    await this.core.update(trx, conversationId, { state: 'owned' });
    await this.core.takeCurrentSession(trx, conversationId, owner.id, now);
    return this.core.publishChange(trx, conversationId, before, { reason: 'taken', byName: owner.name }, now, true);
  }
}
