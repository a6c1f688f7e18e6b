import type { Channel, Conversation, DeliveryState, DurableEvent, Message, MessagePage } from '@switchboard/protocol';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { fileStorage } from '../files/storage.js';
import {
  type MembershipChange,
  type MembersSnapshot,
  publishChange,
  publishChanges,
  publishToMembers,
  type RemovalReason,
  snapshotMembers,
  snapshotMembersOf,
} from './membership.js';
import { deliveryStorage, publishMessageUpdate } from './delivery.js';
import { memberStorage, type RowRole } from './members.js';
import { deleteMessage, editMessage, findByClientId, history, messageFacts, messageInConversation, type NewMessage } from './messages.js';
import { type CloseReason, sessionStorage } from './sessions.js';
import { type ConversationChanges, type ConversationRow, conversationStorage, customerKey } from './storage.js';
import { views, viewsFor } from './views.js';
import { type Posted, type PostItem, postMessages } from './posting.js';
import { type Transactions, transactionsFor } from '../db/shared-transactions.js';

/** A customer as their conversation on a channel account is found or opened by. */
export interface ExternalCustomer {
  id: number;
  name: string;
  channel: Channel;
  /** The channel account it wrote through. */
  accountId: number;
}

/** What a transaction hands back: its answer, and the events to publish once it committed. */
export interface Outcome<T> {
  value: T;
  envelopes: Envelope[];
}

export type { Posted };

/**
 * The one owner of a conversation: its row and lock, its members and their roles, its sessions, its
 * messages, the views colleagues get of it, and the events that follow a change. Every feature that
 * changes a conversation (internal chats, intake, routing, the customer-chat verbs, files) calls this;
 * only `conversations/` writes the tables `conversations`, `conversation_members`, `chat_sessions`,
 * `messages` and `message_reactions` (`ownership.test.ts` holds that).
 *
 * Methods taking `trx` run inside the caller's transaction; `inTransaction` and `change` open one and
 * publish its events after the commit.
 */
export class ConversationCore {
  private readonly transactions: Transactions;

  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly clock: Clock,
  ) {
    this.transactions = transactionsFor(db);
  }

  /** Publishes events written in a transaction that has committed (a group commit's, say). */
  publish(envelopes: Envelope[]): void {
    this.hub.publish(envelopes);
  }

  /**
   * Runs `work` in a transaction (on SQLite one it may share with other changes, each in its own savepoint:
   * db/shared-transactions.ts) and publishes the events it returns after the commit.
   */
  async inTransaction<T>(work: (trx: Db) => Promise<Outcome<T>>): Promise<T> {
    const { value, envelopes } = await this.transactions.run(work);
    this.hub.publish(envelopes);
    return value;
  }

  /**
   * Runs one change to a conversation in a transaction that first locks its row (undefined: no such
   * conversation), so concurrent changes to it run one after another and each sees the last one's result;
   * publishes the events it returns after the commit.
   */
  change<T>(conversationId: number, work: (trx: Db, conversation: ConversationRow | undefined) => Promise<Outcome<T>>): Promise<T> {
    return this.inTransaction(async (trx) => work(trx, await conversationStorage.lock(trx, conversationId)));
  }

  /** `lock` for several conversations in one statement; by id (a missing one is not there). */
  lockAll(trx: Db, conversationIds: readonly number[]): Promise<Map<number, ConversationRow>> {
    return conversationStorage.lockAll(trx, conversationIds);
  }

  /**
   * Makes each colleague the owner of the chat they took, in one statement per table for all of them: the
   * others it was offered to lose it, and its open session becomes the taker's. The rows are locked.
   */
  async giveToTakers(trx: Db, takes: readonly { conversation: ConversationRow; userId: number }[], now: number): Promise<void> {
    const pairs = takes.map(({ conversation, userId }) => ({ conversationId: conversation.id, userId }));
    // Their offers go with `setOwners` (offered to nobody once owned).
    await memberStorage.setMembersOfAll(
      trx,
      pairs.map(({ conversationId, userId }) => ({ conversationId, userIds: [userId] })),
      'owner',
      false,
    );
    await conversationStorage.setOwners(trx, pairs);
    await sessionStorage.takeOpenSessions(
      trx,
      pairs.filter((_, i) => takes[i]!.conversation.state === 'queued'),
      now,
    );
  }

  /** Locks the conversation row for this transaction and returns it (again: the row as it is now). */
  lock(trx: Db, conversationId: number): Promise<ConversationRow | undefined> {
    return conversationStorage.lock(trx, conversationId);
  }

  update(trx: Db, conversationId: number, changes: ConversationChanges) {
    return conversationStorage.update(trx, conversationId, changes);
  }

  /** `updateAndLock` for several conversations given the same changes; the rows in any order. */
  updateAndLockAll(trx: Db, conversationIds: readonly number[], changes: ConversationChanges): Promise<ConversationRow[]> {
    return conversationIds.length > 0 ? conversationStorage.updateAndLockAll(trx, conversationIds, changes) : Promise.resolve([]);
  }

  /** `update`, then `lock` in the same statement: the row as it is now (undefined: no such conversation). */
  updateAndLock(trx: Db, conversationId: number, changes: ConversationChanges): Promise<ConversationRow | undefined> {
    return conversationStorage.updateAndLock(trx, conversationId, changes);
  }

  /**
   * Inserts a message into a conversation inside the caller's transaction and writes the events that
   * deliver it: to every colleague who sees the conversation, and to the customer of an external one.
   * A colleague's reply to a messaging-app customer also goes into the outbox (delivery `sending`).
   */
  async post(trx: Db, conversationId: number, message: NewMessage): Promise<Posted | undefined> {
    return (await postMessages(trx, [{ conversationId, message }], this.clock.now()))[0];
  }

  /** `post` for several messages (a batch of customers' arrivals), one statement per table; in order. */
  postAll(trx: Db, items: readonly PostItem[]): Promise<(Posted | undefined)[]> {
    return postMessages(trx, items, this.clock.now());
  }

  /** Moves the colleague's read marker forward only; false when it was already there or beyond. */
  advanceReadMarker(trx: Db, conversationId: number, userId: number, messageId: number): Promise<boolean> {
    return memberStorage.advanceReadMarker(trx, conversationId, userId, messageId);
  }

  /** Opens a direct or group chat with these members; undefined when the same direct chat was opened meanwhile. */
  createInternal(
    trx: Db,
    values: { kind: 'direct' | 'group'; title: string; directKey: string | null; memberIds: number[]; now: number; createdBy: number },
  ): Promise<number | undefined> {
    return conversationStorage.insertInternal(trx, values);
  }

  /**
   * The customer's conversation on the account, locked for the rest of the transaction: their latest, or a new
   * one (closed until routed), which no other transaction can see before this one commits, and which no other
   * creates meanwhile (`lockCreation`). Found and locked in one statement: every customer message comes here first.
   */
  async openExternal(trx: Db, customer: ExternalCustomer, now = this.clock.now()): Promise<ConversationRow> {
    return (await this.openExternals(trx, [customer], now))[0]!;
  }

  /** `openExternal` for several customers at once (a customer named twice gets the same row twice), in order. */
  async openExternals(trx: Db, customers: readonly ExternalCustomer[], now = this.clock.now()): Promise<ConversationRow[]> {
    const keyOf = (c: ExternalCustomer) => customerKey(c.id, c.accountId);
    const distinct = [...new Map(customers.map((c) => [keyOf(c), c])).values()];
    const found = await conversationStorage.lockConversationsOf(
      trx,
      distinct.map((c) => ({ customerId: c.id, accountId: c.accountId })),
    );
    let missing = distinct.filter((c) => !found.has(keyOf(c)));
    if (missing.length > 0) {
      // Another node may be creating some of them this moment: wait for it, and take the chats it made.
      const made = await conversationStorage.lockCreation(
        trx,
        missing.map((c) => ({ customerId: c.id, accountId: c.accountId })),
      );
      for (const [key, row] of made) found.set(key, row);
      missing = missing.filter((c) => !found.has(keyOf(c)));
    }
    if (missing.length > 0) {
      const created = await conversationStorage.insertExternals(
        trx,
        missing.map((c) => ({ channel: c.channel, customerId: c.id, accountId: c.accountId, title: c.name, now })),
      );
      for (const row of created) found.set(customerKey(row.customer_id!, row.account_id!), row);
    }
    return customers.map((c) => found.get(keyOf(c))!);
  }

  /**
   * Deletes the conversation with its members, sessions, messages and files (cascade) inside the caller's
   * transaction, which holds its lock; answers the `conversation.removed` events for those who saw it and
   * the file blobs it used, for the caller to forget after the commit.
   */
  async delete(trx: Db, conversationId: number, byName: string): Promise<{ envelopes: Envelope[]; blobs: string[] }> {
    const before = await snapshotMembers(trx, conversationId);
    const blobs = await fileStorage.blobsOf(trx, conversationId);
    await conversationStorage.delete(trx, conversationId);
    const envelopes = await publishChange(trx, conversationId, before, { reason: 'deleted', byName }, this.clock.now(), false);
    return { envelopes, blobs };
  }

  // A sent message's delivery (messaging apps) and reactions

  /** Moves a message's delivery state forward; false when it would move back (see `delivery.ts`). */
  setDeliveryState(trx: Db, messageId: number, state: DeliveryState, at: number, error: { code: string; message: string } | null = null): Promise<boolean> {
    return deliveryStorage.setState(trx, messageId, state, at, error);
  }

  /** Moves our sent messages in the conversation written up to `at` to delivered or read (a provider's watermark). */
  deliveryUpTo(trx: Db, conversationId: number, state: 'delivered' | 'read', at: number): Promise<number[]> {
    return deliveryStorage.upTo(trx, conversationId, state, at);
  }

  /** Whether a reply in the conversation is still waiting for its send (no provider id yet). */
  sendingIn(conversationId: number): Promise<boolean> {
    return deliveryStorage.sendingIn(this.db, conversationId);
  }

  async setExternalId(trx: Db, messageId: number, externalId: string): Promise<void> {
    await deliveryStorage.setExternalId(trx, messageId, externalId);
  }

  /** One reaction per person and message: a new one replaces it, '' removes it. */
  react(trx: Db, messageId: number, reactor: { key: string; name: string; customer: boolean }, emoji: string, at: number): Promise<void> {
    return deliveryStorage.react(trx, messageId, reactor, emoji, at);
  }

  /** `message.updated` to everyone who sees the conversation (its delivery state, its reactions). */
  publishMessageUpdate(trx: Db, messageId: number, now: number): Promise<Envelope[]> {
    return publishMessageUpdate(trx, messageId, now);
  }

  /** My message's new text, and `message.updated` to everyone who sees the conversation. */
  async editMessage(trx: Db, messageId: number, body: string): Promise<Envelope[]> {
    const now = this.clock.now();
    await editMessage(trx, messageId, body, now);
    return publishMessageUpdate(trx, messageId, now);
  }

  /** Deletes my message for everyone (its text and files no longer shown), with `message.updated`. */
  async deleteMessage(trx: Db, messageId: number): Promise<Envelope[]> {
    const now = this.clock.now();
    await deleteMessage(trx, messageId, now);
    return publishMessageUpdate(trx, messageId, now);
  }

  messageFacts(messageId: number, db: Db = this.db) {
    return messageFacts(db, messageId);
  }

  messageById(messageId: number): Promise<Message | undefined> {
    return deliveryStorage.messageById(this.db, messageId);
  }

  /** A message by the provider's id (a wamid…), within these conversations when given. */
  byExternalId(externalId: string, conversationIds?: number[]) {
    return deliveryStorage.byExternalId(this.db, externalId, conversationIds);
  }

  latestInboundExternalId(conversationId: number, upToMessageId: number): Promise<string | undefined> {
    return deliveryStorage.latestInboundExternalId(this.db, conversationId, upToMessageId);
  }

  // Members and roles

  snapshot(trx: Db, conversationId: number): Promise<MembersSnapshot> {
    return snapshotMembers(trx, conversationId);
  }

  /** `snapshot` of several conversations in one statement, by conversation. */
  snapshots(trx: Db, conversationIds: readonly number[]): Promise<Map<number, MembersSnapshot>> {
    return snapshotMembersOf(trx, conversationIds);
  }

  /** `publishChange` for several conversations at once, their views read together. */
  publishChanges(trx: Db, changes: readonly MembershipChange[], now: number): Promise<Envelope[]> {
    return publishChanges(trx, changes, now);
  }

  /** The events that follow a change of who sees the conversation (see `membership.ts`). */
  publishChange(
    trx: Db,
    conversationId: number,
    before: MembersSnapshot,
    removal: { reason: RemovalReason; byName: string | null },
    now: number,
    notifyCustomer: boolean,
  ): Promise<Envelope[]> {
    return publishChange(trx, conversationId, before, removal, now, notifyCustomer);
  }

  setMember(trx: Db, conversationId: number, userId: number, role: RowRole, archived: boolean): Promise<void> {
    return memberStorage.setMember(trx, conversationId, userId, role, archived);
  }

  setMembers(trx: Db, conversationId: number, userIds: number[], role: RowRole, archived: boolean): Promise<void> {
    return memberStorage.setMembers(trx, conversationId, userIds, role, archived);
  }

  /** Offers each waiting chat to exactly these agents (none: to nobody) until its next route time, in one statement. */
  setOffers(trx: Db, offers: readonly { conversationId: number; userIds: readonly number[]; nextRouteAt: number }[]): Promise<void> {
    return memberStorage.setOffers(trx, offers);
  }

  async removeMembers(trx: Db, conversationId: number, userIds: number[]): Promise<void> {
    await memberStorage.removeMembers(trx, conversationId, userIds);
  }

  async setArchived(trx: Db, conversationId: number, userId: number, archived: boolean): Promise<void> {
    await memberStorage.setArchived(trx, conversationId, userId, archived);
  }

  /** The colleagues who see the conversation now, read outside any transaction (for ephemeral events). */
  seenBy(conversationId: number): Promise<number[]> {
    return memberStorage.activeMemberIds(this.db, conversationId);
  }

  activeMemberIds(db: Db, conversationId: number): Promise<number[]> {
    return memberStorage.activeMemberIds(db, conversationId);
  }

  /** An event for every colleague who sees the conversation (those only offered it hear of it live). */
  publishToMembers(trx: Db, conversationId: number, event: DurableEvent, now: number): Promise<Envelope[]> {
    return publishToMembers(trx, conversationId, event, now);
  }

  // Sessions

  async openSession(trx: Db, conversationId: number, now: number): Promise<void> {
    await this.openSessions(trx, [conversationId], now);
  }

  async openSessions(trx: Db, conversationIds: readonly number[], now: number): Promise<void> {
    if (conversationIds.length > 0) await sessionStorage.openSessions(trx, conversationIds, now);
  }

  /** Makes the open session (if any) this colleague's: Information shows who has it. */
  async takeCurrentSession(trx: Db, conversationId: number, userId: number, now: number): Promise<void> {
    const session = await sessionStorage.currentSession(trx, conversationId);
    if (session) await sessionStorage.takeSession(trx, session.id, userId, now);
  }

  async closeSession(trx: Db, conversationId: number, reason: CloseReason, now: number): Promise<void> {
    await sessionStorage.closeSession(trx, conversationId, reason, now);
  }

  // Reads

  find(conversationId: number, db: Db = this.db) {
    return conversationStorage.find(db, conversationId);
  }

  findDirect(directKey: string) {
    return conversationStorage.findDirect(this.db, directKey);
  }

  conversationOf(customerId: number, accountId: number, db: Db = this.db) {
    return conversationStorage.conversationOf(db, customerId, accountId);
  }

  conversationIdsOf(userId: number, archived: boolean): Promise<number[]> {
    return memberStorage.conversationIdsOf(this.db, userId, archived);
  }

  /** The conversations as one viewer sees them, most recent activity first. */
  views(viewerId: number, conversationIds: number[]): Promise<Conversation[]> {
    return views(this.db, viewerId, conversationIds);
  }

  /** One conversation as each of these colleagues sees it. */
  viewsFor(db: Db, conversationId: number, viewerIds: number[]): Promise<Map<number, Conversation>> {
    return viewsFor(db, conversationId, viewerIds);
  }

  history(conversationId: number, before: number | undefined, limit: number): Promise<MessagePage> {
    return history(this.db, conversationId, before, limit);
  }

  findByClientId(authorKey: string, clientId: string): Promise<Message | undefined> {
    return findByClientId(this.db, authorKey, clientId);
  }

  messageInConversation(conversationId: number, messageId: number) {
    return messageInConversation(this.db, conversationId, messageId);
  }

  participants(conversationId: number) {
    return memberStorage.participants(this.db, conversationId);
  }

  sessions(conversationId: number) {
    return sessionStorage.sessions(this.db, conversationId);
  }

  /** A reply's target: for a customer chat, its channel, account and customer. */
  sendTarget(conversationId: number) {
    return conversationStorage.sendTarget(this.db, conversationId);
  }

  conversationIdsOfCustomer(trx: Db, customerId: number): Promise<number[]> {
    return conversationStorage.conversationIdsOfCustomer(trx, customerId);
  }

  /** A merge of two customers: the chats of one become the other's (history and sessions unchanged). */
  async moveToCustomer(trx: Db, from: number, into: number): Promise<void> {
    await conversationStorage.moveToCustomer(trx, from, into);
  }

  /** Whether this is a customer chat whose customer is blocked on its account. */
  customerBlocked(conversationId: number): Promise<boolean> {
    return conversationStorage.customerBlocked(this.db, conversationId);
  }

  userName(userId: number, db: Db = this.db): Promise<string | undefined> {
    return conversationStorage.userName(db, userId);
  }
}

export type { ConversationRow } from './storage.js';
export type { MembershipChange, MembersSnapshot, RemovalReason } from './membership.js';
export type { NewMessage } from './messages.js';
