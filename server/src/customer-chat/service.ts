import type { Contact, ConversationInfo, CustomerIdentity, EmailCustomer, TransferTarget } from '@switchboard/protocol';
import type { ChannelTypeName } from '../db/schema.js';
import type { Access, Actor } from '../access/access.js';
import type { ConversationPermission } from '../access/conversation-rules.js';
import type { Clock } from '../clock.js';
import type { ContactsService } from '../contacts/service.js';
import type { ConversationCore, ConversationRow, MembersSnapshot } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import { atEndStatement } from '../db/at-end.js';
import { GroupCommit } from '../db/group-commit.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { customerRecipient } from '../events/recipient.js';
import { errors } from '../http/errors.js';
import type { FilesService } from '../files/service.js';
import type { Mailer } from '../mail/mailer.js';
import type { Router } from '../routing/router.js';
import { routingStorage } from '../routing/storage.js';
import { customerChatStorage } from './storage.js';
import { LateLane } from './late-lane.js';
import { OffersHeard } from './offers-heard.js';
import { TakesInFlight } from './takes-in-flight.js';
import { capabilitiesOf } from '../channels/capabilities.js';
import { customerStorage } from '../customers/storage.js';
import { offeredIds } from '../conversations/offers.js';

/**
 * Late takes (see `take`) go on one chat's worth per turn of the event loop, judged with one read. Measured
 * in the routing burst: one chat a turn let the offers through sooner than sixteen takes a turn (the first
 * offer p99 ~1.7 s against ~1.9 s) and still answered every late take within ~3 s of the burst's end.
 */
const LATE_TAKES_PER_TURN = 1;

/** Takes of different chats written in one transaction at most (see `takeAll`). */
const MAX_TAKES_TOGETHER = 100;

interface TakeRequest {
  actor: Actor;
  conversationId: number;
}

/** A take's answer from the database: why it was refused, or whom the chat was offered to when it won. */
type TakeOutcome = { refusal: unknown } | { offered: readonly number[] };

/** What agents do with a customer chat: Take, Transfer, Dealt with, End, Block, Archive, Delete, Information. */
export class CustomerChatService {
  private readonly takesInFlight = new TakesInFlight();
  private readonly offersHeard = new OffersHeard();
  private readonly lateTakes = new LateLane<number>(LATE_TAKES_PER_TURN);
  private readonly takes = new GroupCommit<TakeRequest, TakeOutcome>((batch) => this.takeAll(batch), MAX_TAKES_TOGETHER);

  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly hub: Hub,
    private readonly core: ConversationCore,
    private readonly router: Router,
    private readonly contacts: ContactsService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly files: FilesService,
  ) {
    hub.watch((messages) => {
      this.takesInFlight.forgetChanges(messages);
      this.offersHeard.hear(messages);
    });
  }

  /**
   * Makes the actor the sole owner; of many pressing at once exactly one wins, the rest learn who did.
   * A take of a chat whose take is already being decided here (checked, running, or won lately) goes to the
   * late lane: it is judged exactly as any other, only after the new chats and first takes that arrived
   * meanwhile, together with the chat's other late takes. In a Ring all burst 49 of every 50 takes are such
   * late ones, and answering them first held up the offers of the customers arriving behind them. A late take
   * of a chat a colleague won here, by an agent it was offered to, is refused from that win without a read
   * (`TakesInFlight.lostTo`).
   */
  async take(actor: Actor, conversationId: number): Promise<void> {
    this.refuseKnownLoss(actor, conversationId);
    if (this.takesInFlight.decided(conversationId)) {
      await this.lateTakes.wait(conversationId);
      this.refuseKnownLoss(actor, conversationId);
    }
    const checked = this.takesInFlight.check(conversationId);
    try {
      const askedAt = this.takesInFlight.asked();
      // Offered to them, as heard here: judged by the take itself, under the chat's lock (see OffersHeard).
      if (!this.offersHeard.has(conversationId, actor.id)) await this.access.requireTake(actor, conversationId);
      const winner = await this.takesInFlight.winner(conversationId, actor, askedAt, () => this.takeNow(actor, conversationId));
      if (winner.id !== actor.id) throw errors.alreadyTaken(winner.name);
    } finally {
      checked();
    }
  }

  private refuseKnownLoss(actor: Actor, conversationId: number): void {
    const winner = this.takesInFlight.lostTo(conversationId, actor.id);
    if (winner) throw errors.alreadyTaken(winner.name);
  }

  /**
   * Runs the take with the others that reach the database at the same moment (`takeAll`); throws its own refusal,
   * or answers whom the chat was offered to when it won.
   */
  private async takeNow(actor: Actor, conversationId: number): Promise<readonly number[]> {
    const outcome = await this.takes.run({ actor, conversationId });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.offered;
  }

  /**
   * Takes of different chats that reach the database together, in one transaction: each judged under its chat's
   * lock as if alone, and the winners' changes made with one statement per table. Answers each take's refusal
   * (an error), or whom the chat was offered to when it won. In a Ring all burst of a thousand chats every one of
   * them was a transaction of ~20 statements.
   */
  private takeAll(takes: readonly TakeRequest[]): Promise<TakeOutcome[]> {
    return this.core.inTransaction(async (trx) => {
      const ids = takes.map((t) => t.conversationId);
      const rows = await this.core.lockAll(trx, ids);
      const befores = await this.core.snapshots(trx, ids);
      const mayTake = await this.mayTakeAll(trx, takes, rows);
      const outcomes: TakeOutcome[] = [];
      const won: { conversation: ConversationRow; actor: Actor }[] = [];
      for (const [i, { actor, conversationId }] of takes.entries()) {
        const conversation = rows.get(conversationId);
        const refusal = conversation ? await this.refusalOf(trx, actor, conversation, mayTake[i]!) : errors.notFound('Conversation');
        outcomes.push(refusal === undefined ? { offered: offeredIds(conversation!.offered_to) } : { refusal });
        if (refusal !== undefined || conversation!.owner_id === actor.id) continue;
        won.push({ conversation: { ...conversation! }, actor });
        // A second take of the same chat in this batch finds it taken, as it would alone.
        rows.set(conversationId, { ...conversation!, owner_id: actor.id });
      }
      const now = this.clock.now();
      await this.core.giveToTakers(
        trx,
        won.map(({ conversation, actor }) => ({ conversation, userId: actor.id })),
        now,
      );
      // Every take in a queue may write this row: last, so that its lock is held for the commit only.
      const lastTakers = new Map(won.filter((w) => w.conversation.queue_id !== null).map((w) => [w.conversation.queue_id!, w.actor.id]));
      for (const [queueId, userId] of lastTakers) await atEndStatement(trx, routingStorage.setLastTakenByStatement(queueId, userId));
      const notes = await this.core.postAll(
        trx,
        won.map(({ conversation, actor }) => ({
          conversationId: conversation.id,
          message: { author: 'system' as const, note: { kind: 'taken' as const, agentName: actor.name }, body: `${actor.name} joined the chat` },
        })),
      );
      const changes = await this.core.publishChanges(
        trx,
        won.map(({ conversation, actor }) => ({
          conversationId: conversation.id,
          before: befores.get(conversation.id)!,
          removal: { reason: 'taken' as const, byName: actor.name },
          notifyCustomer: true,
        })),
        now,
      );
      return { value: outcomes, envelopes: [...notes.flatMap((n) => n?.envelopes ?? []), ...changes] };
    });
  }

  /** Why this take is refused under the chat's lock (undefined: it may go on; it is already the actor's when they own it). */
  private async refusalOf(trx: Db, actor: Actor, conversation: ConversationRow, mayTake: boolean): Promise<unknown> {
    if (conversation.owner_id === actor.id) return undefined;
    if (conversation.owner_id !== null) return errors.alreadyTaken((await this.core.userName(conversation.owner_id, trx)) ?? 'a colleague');
    if (!mayTake) return errors.forbidden('This chat is no longer offered to you');
    return undefined;
  }

  /**
   * Whether each take may still be made, judged again under the chats' locks after the race is decided (the
   * offer may have moved on meanwhile), with one read for the batch. A take whose chat is gone or already
   * owned is answered by `refusalOf` without it.
   */
  private async mayTakeAll(trx: Db, takes: readonly TakeRequest[], rows: Map<number, ConversationRow>): Promise<boolean[]> {
    const judged = takes.filter((t) => rows.get(t.conversationId)?.owner_id === null);
    const allowed = await this.access.allowedAllIn(trx, 'conversation.take', judged);
    const byTake = new Map(judged.map((take, i) => [take, allowed[i]!]));
    return takes.map((take) => byTake.get(take) ?? false);
  }

  /** Hands the chat to a colleague or a queue; the transferring agent no longer sees it. */
  async transfer(actor: Actor, conversationId: number, to: TransferTarget): Promise<void> {
    await this.access.require(actor, 'conversation.transfer', conversationId);
    await this.change(
      conversationId,
      'conversation.transfer',
      async (trx, conversation, before, name) => {
        const target = to.type === 'user' ? await routingStorage.activeUser(trx, to.userId) : await routingStorage.queue(trx, to.queueId);
        if (!target) throw errors.notFound(to.type === 'user' ? 'User' : 'Queue');
        if (to.type === 'user' && to.userId === actor.id) throw errors.validation('body.to.userId: you cannot transfer a chat to yourself');
        const note = await this.core.post(trx, conversationId, {
          author: 'system',
          note: { kind: 'transferred', fromName: name, toName: target.name },
          body: `${name} transferred the chat to ${target.name}`,
        });
        await this.core.removeMembers(trx, conversationId, [actor.id, ...[...before].filter(([, role]) => role !== 'former').map(([id]) => id)]);
        let envelopes: Envelope[];
        if (to.type === 'queue') {
          envelopes = await this.router.enqueue(trx, conversationId, to.queueId);
        } else if (conversation.state === 'queued') {
          envelopes = await this.router.assign(trx, conversationId, to.userId);
        } else {
          await this.core.setMember(trx, conversationId, to.userId, 'owner', false);
          await this.core.update(trx, conversationId, { owner_id: to.userId });
          // The open session now is the new owner's, as when a queued chat is assigned: Information shows who has it.
          await this.core.takeCurrentSession(trx, conversationId, to.userId, this.clock.now());
          envelopes = [];
        }
        return { reason: 'transferred' as const, envelopes: [...(note?.envelopes ?? []), ...envelopes] };
      },
      actor,
    );
  }

  /** Closes the session and archives it for the actor; the customer's next message goes through the queue. */
  async dealtWith(actor: Actor, conversationId: number): Promise<void> {
    await this.access.require(actor, 'conversation.close', conversationId);
    await this.closeSession(actor, conversationId, 'dealt_with');
  }

  /** Where the channel supports it (live chat): closes the session, tells the visitor, keeps it in Recents and with its owner. */
  async endSession(actor: Actor, conversationId: number): Promise<void> {
    await this.access.require(actor, 'conversation.close', conversationId);
    await this.requireCapability(conversationId, 'endSession');
    await this.closeSession(actor, conversationId, 'ended');
  }

  /**
   * Blocks the customer and closes the session: a website visitor's IP (the widget is disconnected), a
   * messaging-app customer's identity on the account (what they send is stored as blocked, not routed).
   */
  async block(actor: Actor, conversationId: number): Promise<void> {
    await this.access.require(actor, 'conversation.close', conversationId);
    const conversation = await this.requireCapability(conversationId, 'block');
    const customer = (await customerChatStorage.customer(this.db, conversation.customer_id!))!;
    const accountId = conversation.account_id;
    const ip = await customerStorage.ipOf(this.db, customer.id, accountId);
    // The block is written inside the close's transaction: a Block refused under the lock (a colleague
    // took the chat a moment ago) leaves no block behind.
    await this.closeSession(actor, conversationId, 'blocked', async (trx) => {
      if (conversation.channel === 'livechat' && ip) await customerChatStorage.block(trx, ip, actor.id, customer.name, this.clock.now());
      else if (accountId !== null) await customerStorage.setBlocked(trx, customer.id, accountId, true);
    });
    this.hub.disconnect(customerRecipient(customer.id), 4003, 'blocked');
  }

  async archive(actor: Actor, conversationId: number, archived: boolean): Promise<void> {
    await this.access.require(actor, 'conversation.archive', conversationId);
    await this.change(
      conversationId,
      'conversation.archive',
      async (trx) => {
        await this.core.setArchived(trx, conversationId, actor.id, archived);
        return { reason: 'taken' as const, envelopes: [], quiet: true };
      },
      actor,
    );
  }

  /** Removes the conversation with its messages for good. */
  async remove(actor: Actor, conversationId: number): Promise<void> {
    await this.access.require(actor, 'conversation.delete', conversationId);
    const deleted = await this.core.change(conversationId, async (trx, conversation) => {
      await this.access.requireIn(trx, actor, 'conversation.delete', conversationId);
      const { envelopes, blobs } = await this.core.delete(trx, conversationId, actor.name);
      return { value: { customerId: conversation?.customer_id ?? null, blobs }, envelopes };
    });
    // The files went with the conversation (cascade); their bytes go unless another file shares them.
    await this.files.forget(deleted.blobs);
    if (deleted.customerId !== null) this.hub.disconnect(customerRecipient(deleted.customerId), 4004, 'conversation deleted');
  }

  async info(actor: Actor, conversationId: number): Promise<ConversationInfo> {
    await this.access.require(actor, 'conversation.read', conversationId);
    const conversation = (await this.core.find(conversationId))!;
    const customer = conversation.customer_id ? await customerChatStorage.customer(this.db, conversation.customer_id) : undefined;
    const participants = await this.core.participants(conversationId);
    const sessions = await this.core.sessions(conversationId);
    const { messages } = await this.core.history(conversationId, undefined, 1000);
    return {
      conversationId,
      participants,
      customer: customer
        ? {
            id: customer.id,
            channel: customer.channel,
            name: customer.name,
            email: customer.email,
            phone: customer.phone,
            language: customer.language,
            ip: await customerStorage.ipOf(this.db, customer.id, conversation.account_id),
            firstSeenAt: customer.created_at,
            blocked: await customerStorage.blockedOn(this.db, customer.id, conversation.account_id),
          }
        : null,
      identities: customer ? (await customerStorage.allIdentities(this.db, customer.id)).flatMap(readableIdentity) : [],
      sessions: sessions.map((s) => ({
        id: s.id,
        openedAt: s.opened_at,
        closedAt: s.closed_at,
        closeReason: s.close_reason,
        takenBy: s.taken_by !== null && s.taken_by_name ? { id: s.taken_by, name: s.taken_by_name } : null,
      })),
      messages,
    };
  }

  async email(actor: Actor, conversationId: number, input: EmailCustomer): Promise<void> {
    await this.access.require(actor, 'conversation.email', conversationId);
    const customer = await this.customerOf(conversationId);
    if (!customer.email) throw errors.noCustomerEmail();
    await this.mailer.send({ to: customer.email, toName: customer.name, subject: input.subject, text: input.body, fromName: actor.name });
  }

  async addContact(actor: Actor, conversationId: number): Promise<Contact> {
    await this.access.require(actor, 'conversation.read', conversationId);
    const customer = await this.customerOf(conversationId);
    return this.contacts.create(actor, {
      name: customer.name || customer.email || customer.phone || `Visitor ${customer.id}`,
      company: '',
      phones: customer.phone ? [customer.phone] : [],
      emails: customer.email ? [customer.email] : [],
    });
  }

  private async closeSession(
    actor: Actor,
    conversationId: number,
    reason: 'dealt_with' | 'ended' | 'blocked',
    alsoInside?: (trx: Db) => Promise<unknown>,
  ): Promise<void> {
    await this.change(
      conversationId,
      'conversation.close',
      async (trx, conversation, before, name) => {
        await alsoInside?.(trx);
        const now = this.clock.now();
        const kind = reason === 'ended' ? 'session_ended' : reason;
        // Posted first, while everyone who handled the chat still sees it, so the line reaches them too.
        const note = await this.core.post(trx, conversationId, { author: 'system', note: { kind, agentName: name }, body: `${name} closed the chat` });
        await this.core.closeSession(trx, conversationId, reason, now);
        const others = [...before].filter(([id, role]) => role === 'offered' && id !== actor.id).map(([id]) => id);
        await this.core.removeMembers(trx, conversationId, others);
        if (reason === 'dealt_with') {
          await this.core.setMember(trx, conversationId, actor.id, 'former', true);
          const owner = conversation.owner_id;
          if (owner !== null && owner !== actor.id) await this.core.setMember(trx, conversationId, owner, 'former', true);
          await this.core.update(trx, conversationId, {
            state: 'closed',
            owner_id: null,
            last_owner_id: owner ?? actor.id,
            waiting_since: null,
            next_route_at: null,
          });
        } else {
          if (conversation.owner_id === null && before.has(actor.id)) await this.core.setMember(trx, conversationId, actor.id, 'former', false);
          await this.core.update(trx, conversationId, { state: 'closed', waiting_since: null, next_route_at: null });
        }
        return { reason: 'taken' as const, envelopes: note?.envelopes ?? [] };
      },
      actor,
    );
  }

  /**
   * Runs one change to a customer chat in a transaction holding the conversation's row lock, then
   * publishes its events: the change's own and the membership and state events that follow from it.
   * The permission is checked again under the lock (`null`: the change checks it itself), so an action
   * judged on a chat a moment ago cannot land on it after a colleague took it.
   */
  private async change(
    conversationId: number,
    permission: ConversationPermission | null,
    apply: (
      trx: Db,
      conversation: ConversationRow,
      before: MembersSnapshot,
      actorName: string,
    ) => Promise<{ reason: 'taken' | 'transferred'; envelopes: Envelope[]; quiet?: boolean } | null>,
    actor: Actor,
  ): Promise<void> {
    await this.core.change(conversationId, async (trx, conversation) => {
      if (!conversation) throw errors.notFound('Conversation');
      if (permission) await this.access.requireIn(trx, actor, permission, conversationId);
      const before = await this.core.snapshot(trx, conversationId);
      const result = await apply(trx, conversation, before, actor.name);
      if (!result) return { value: undefined, envelopes: [] };
      const changes = await this.core.publishChange(
        trx,
        conversationId,
        before,
        { reason: result.reason, byName: actor.name },
        this.clock.now(),
        !result.quiet,
      );
      return { value: undefined, envelopes: [...result.envelopes, ...changes] };
    });
  }

  /** The customer chat, if its channel can do this (channels/capabilities.ts); refused otherwise. */
  private async requireCapability(conversationId: number, action: 'endSession' | 'block') {
    const conversation = await this.core.find(conversationId);
    if (!conversation?.channel || conversation.customer_id === null) throw errors.validation('This is not a customer chat');
    if (!capabilitiesOf(conversation.channel)[action]) throw errors.notSupportedByChannel(action, conversation.channel);
    return conversation;
  }

  private async customerOf(conversationId: number) {
    const conversation = await this.core.find(conversationId);
    const customer = conversation?.customer_id ? await customerChatStorage.customer(this.db, conversation.customer_id) : undefined;
    if (!customer) throw errors.validation('This is not a customer chat');
    return customer;
  }
}

/** An identity as Information shows it; one that lost its account (deleted) is left out. */
function readableIdentity(row: { account_type: ChannelTypeName | null; account_name: string | null; external_id: string }): CustomerIdentity[] {
  if (row.account_type === null) return [];
  const address =
    row.account_type === 'livechat' ? '' : row.external_id.startsWith('wa:') ? `+${row.external_id.slice(3)}` : row.external_id.replace(/^\w+:/, '');
  return [{ type: row.account_type, accountName: row.account_name ?? '', address }];
}
