import type { Destination } from '@switchboard/protocol';
import type { Clock } from '../clock.js';
import type { ConversationCore, ConversationRow } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Online } from '../team/online.js';
import { appendCustomerEvent } from '../events/storage.js';
import { routingStorage } from './storage.js';
import { strategies, type StrategyName, usesLastTaken, usesTodaysFigures } from './strategies/index.js';

/** An offer about to be made: the chat, the agents of its wave, and when it moves on. */
interface Offer {
  conversationId: number;
  userIds: number[];
  nextRouteAt: number;
}

/** `items` grouped by `key` (in first-seen order), each as `value`. */
function groupBy<T, K, V>(items: readonly T[], key: (item: T) => K, value: (item: T) => V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(value(item));
    else groups.set(key(item), [value(item)]);
  }
  return groups;
}

/** How often a chat that waits with nobody to offer it to is looked at again. */
const RETRY_MS = 5_000;
/** Destinations that lead to further destinations stop here, so two queues pointing at each other cannot loop. */
const MAX_HOPS = 3;
/**
 * Waiting chats looked at again together, in one transaction, when an agent comes or goes or a queue changes.
 * One transaction per chat made fifty agents leaving a queue of a thousand waiting chats 50,000 transactions
 * (on PostgreSQL over a minute), and a shutdown waited for all of them.
 */
const REROUTE_TOGETHER = 100;

export const OFFLINE_REPLY = 'Thanks for your message! Nobody is available right now; we will get back to you as soon as we can.';

/**
 * Offers waiting customer chats to a queue's agents by the queue's polling strategy, moves the offer
 * on after the ring time, and sends a chat to the queue's destination when no agent is logged in or it
 * waited too long. Every change runs in one transaction with its events.
 */
export class Router {
  private stopping = false;
  /** Waiting chats to offer again (see `offerAgain`), and the run that is doing it. */
  private readonly toOfferAgain = new Set<number>();
  private offeringAgain: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
    private readonly online: Online,
    private readonly random: () => number = Math.random,
  ) {}

  /** Stops looking waiting chats over again after the batch at hand (the server is shutting down). */
  stop(): void {
    this.stopping = true;
  }

  /** Puts a conversation into a queue as a new waiting chat and offers it (inside the caller's transaction). */
  enqueue(trx: Db, conversationId: number, queueId: number, hops = 0): Promise<Envelope[]> {
    return this.enqueueAll(trx, [{ conversationId, queueId }], hops);
  }

  /**
   * `enqueue` for several chats (a batch of customers arriving at once): their rows changed with one statement
   * per queue, and offered together (one read of each queue and its agents, one statement for all offer rows).
   */
  async enqueueAll(trx: Db, chats: readonly { conversationId: number; queueId: number }[], hops = 0): Promise<Envelope[]> {
    const now = this.clock.now();
    const rows = new Map<number, ConversationRow>();
    for (const [queueId, ids] of groupBy(
      chats,
      (c) => c.queueId,
      (c) => c.conversationId,
    )) {
      const changed = await this.core.updateAndLockAll(trx, ids, {
        state: 'queued',
        queue_id: queueId,
        owner_id: null,
        waiting_since: now,
        offer_round: 0,
        offline_replied: 0,
      });
      for (const row of changed) rows.set(row.id, row);
    }
    const queued = chats.flatMap((c) => rows.get(c.conversationId) ?? []);
    const waiting: Envelope[] = [];
    for (const { customer_id } of queued)
      if (customer_id !== null) waiting.push(await appendCustomerEvent(trx, customer_id, { type: 'chat.state', state: 'queued', agentName: null }, now));
    return [...waiting, ...(await this.offerAll(trx, queued, hops))];
  }

  /** Moves every chat whose ring time ran out on to its next wave (until `stopping`). The server calls this every second. */
  async routeDue(stopping: () => boolean = () => false): Promise<void> {
    for (const id of await routingStorage.dueIds(this.db, this.clock.now())) {
      if (stopping() || this.stopping) return;
      await this.reroute(id);
    }
  }

  /** Looks again at the waiting chats an agent could take, when the agent's presence changes. */
  async agentAvailable(userId: number): Promise<void> {
    await this.offerAgain(await routingStorage.queuedInQueuesOf(this.db, userId));
  }

  async queueChanged(queueId: number): Promise<void> {
    await this.offerAgain(await routingStorage.queuedIn(this.db, queueId));
  }

  /**
   * Offers the chats that still wait to their queues' agents as they are now, `REROUTE_TOGETHER` a transaction,
   * by one run at a time: the chats asked for while it runs join the set it works through, once each however
   * often they were asked for (fifty agents leaving at the end of a shift ask for the same waiting chats fifty
   * times). A chat asked for again after its batch began is looked at again: that batch may have read the
   * agents as they were. Resolves when the set is done (or the router stopped).
   */
  private offerAgain(ids: readonly number[]): Promise<void> {
    for (const id of ids) this.toOfferAgain.add(id);
    // Started after this is set: a run that ended at once would otherwise clear it before it was set.
    this.offeringAgain ??= Promise.resolve().then(() => this.workThroughOffersAgain());
    return this.offeringAgain;
  }

  private async workThroughOffersAgain(): Promise<void> {
    try {
      while (this.toOfferAgain.size > 0 && !this.stopping) {
        const batch = [...this.toOfferAgain].slice(0, REROUTE_TOGETHER);
        for (const id of batch) this.toOfferAgain.delete(id);
        await this.core.inTransaction(async (trx) => {
          const rows = await this.core.lockAll(trx, batch);
          const waiting = batch.flatMap((id) => (rows.get(id)?.state === 'queued' ? [rows.get(id)!] : []));
          return { value: undefined, envelopes: await this.offerAll(trx, waiting, 0) };
        });
      }
    } finally {
      this.offeringAgain = undefined;
    }
  }

  /** Moves a waiting chat on to its next wave. */
  private async reroute(conversationId: number): Promise<void> {
    await this.core.change(conversationId, async (trx, conversation) => {
      if (conversation?.state !== 'queued') return { value: undefined, envelopes: [] };
      const current = await this.core.updateAndLock(trx, conversationId, { offer_round: conversation.offer_round + 1 });
      return { value: undefined, envelopes: await this.offer(trx, conversationId, 0, current) };
    });
  }

  /** `locked`: the row as this transaction last locked or changed it, when the caller has it (read again otherwise). */
  private async offer(trx: Db, conversationId: number, hops: number, locked?: ConversationRow): Promise<Envelope[]> {
    const conversation = locked ?? (await this.core.lock(trx, conversationId));
    return conversation ? this.offerAll(trx, [conversation], hops) : [];
  }

  /** Offers each chat to the next wave of its queue's agents, or sends it to the queue's destination; the rows as locked. */
  private async offerAll(trx: Db, conversations: readonly ConversationRow[], hops: number): Promise<Envelope[]> {
    const now = this.clock.now();
    const envelopes: Envelope[] = [];
    const offers: Offer[] = [];
    for (const [queueId, chats] of groupBy(
      conversations,
      (c) => c.queue_id,
      (c) => c,
    )) {
      const queue = queueId === null ? undefined : await routingStorage.queue(trx, queueId);
      if (!queue) continue;
      const strategy = queue.strategy as StrategyName;
      const agents = await routingStorage.loggedInAgents(trx, queue.id, now, usesTodaysFigures(strategy));
      const available = agents.filter((a) => a.status === 'available');
      const online = await this.online.among(
        available.map((a) => a.userId),
        trx,
      );
      const candidates = available.filter((a) => online.has(a.userId));
      // Read only where it counts: it was one statement more for every offer of every queue.
      const lastTakenPosition = usesLastTaken(strategy) ? await routingStorage.positionOf(trx, queue.id, queue.last_taken_by) : null;
      for (const conversation of chats) {
        const timedOut = now - (conversation.waiting_since ?? now) >= queue.max_wait_s * 1000;
        if (hops < MAX_HOPS && (agents.length === 0 || timedOut)) {
          const destination = JSON.parse(agents.length === 0 ? queue.no_agents_destination : queue.timeout_destination) as Destination;
          if (destination.type !== 'offline' || conversation.offline_replied === 0) {
            envelopes.push(...(await this.sendTo(trx, conversation.id, destination, hops)));
            continue;
          }
        }
        const waves = strategies[strategy](candidates, { lastTakenBy: queue.last_taken_by, lastTakenPosition, random: this.random });
        const wave = waves.length ? waves[conversation.offer_round % waves.length]! : [];
        offers.push({ conversationId: conversation.id, userIds: wave, nextRouteAt: now + (wave.length ? queue.ring_time_s * 1000 : RETRY_MS) });
      }
    }
    return [...envelopes, ...(await this.setOffers(trx, offers))];
  }

  /** Offers each chat to exactly its agents until its next route time: the others it was offered to lose it. */
  private async setOffers(trx: Db, offers: readonly Offer[]): Promise<Envelope[]> {
    if (offers.length === 0) return [];
    const befores = await this.core.snapshots(
      trx,
      offers.map((o) => o.conversationId),
    );
    const changed = offers.filter((offer) => {
      const before = befores.get(offer.conversationId)!;
      const offered = [...before.values()].filter((role) => role === 'offered').length;
      return offered !== offer.userIds.length || !offer.userIds.every((id) => before.get(id) === 'offered');
    });
    // Every offer's row: its next route time moves even when its agents stay the same.
    await this.core.setOffers(trx, offers);
    const changes = changed.map(({ conversationId }) => ({
      conversationId,
      before: befores.get(conversationId)!,
      removal: { reason: 'offer_moved' as const, byName: null },
      notifyCustomer: false,
    }));
    return this.core.publishChanges(trx, changes, this.clock.now());
  }

  private async sendTo(trx: Db, conversationId: number, destination: Destination, hops: number): Promise<Envelope[]> {
    switch (destination.type) {
      case 'queue':
        // A destination queue deleted before deleting a queue in use was refused: the chat stays here, offline.
        if (!(await routingStorage.queue(trx, destination.queueId))) return this.sendTo(trx, conversationId, { type: 'offline' }, hops);
        return this.enqueue(trx, conversationId, destination.queueId, hops + 1);
      case 'extension':
        return this.assign(trx, conversationId, destination.userId);
      case 'offline': {
        await this.core.update(trx, conversationId, { offline_replied: 1 });
        const posted = await this.core.post(trx, conversationId, { author: 'system', note: { kind: 'offline_reply' }, body: OFFLINE_REPLY });
        return [...(posted?.envelopes ?? []), ...(await this.offer(trx, conversationId, MAX_HOPS))];
      }
    }
  }

  /** Gives a chat straight to one colleague (a widget or destination that names an extension). */
  async assign(trx: Db, conversationId: number, userId: number): Promise<Envelope[]> {
    const now = this.clock.now();
    const user = await routingStorage.activeUser(trx, userId);
    if (!user) return this.sendTo(trx, conversationId, { type: 'offline' }, MAX_HOPS);
    const before = await this.core.snapshot(trx, conversationId);
    await this.core.removeMembers(
      trx,
      conversationId,
      [...before].filter(([id, role]) => role !== 'former' && id !== userId).map(([id]) => id),
    );
    await this.core.setMember(trx, conversationId, userId, 'owner', false);
    await this.core.update(trx, conversationId, { state: 'owned', owner_id: userId, waiting_since: null, next_route_at: null });
    await this.core.takeCurrentSession(trx, conversationId, userId, now);
    return this.core.publishChange(trx, conversationId, before, { reason: 'transferred', byName: user.name }, now, true);
  }
}
