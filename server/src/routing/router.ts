import type { Destination } from '@switchboard/protocol';
import type { Clock } from '../clock.js';
import type { ConversationCore, ConversationRow } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { appendCustomerEvent } from '../events/storage.js';
import { routingStorage } from './storage.js';
import { strategies, type StrategyName, usesLastTaken, usesTodaysFigures } from './strategies/index.js';

/** How often a chat that waits with nobody to offer it to is looked at again. */
const RETRY_MS = 5_000;
/** Destinations that lead to further destinations stop here, so two queues pointing at each other cannot loop. */
const MAX_HOPS = 3;

export const OFFLINE_REPLY = 'Thanks for your message! Nobody is available right now; we will get back to you as soon as we can.';

/**
 * Offers waiting customer chats to a queue's agents by the queue's polling strategy, moves the offer
 * on after the ring time, and sends a chat to the queue's destination when no agent is logged in or it
 * waited too long. Every change runs in one transaction with its events.
 */
export class Router {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {}

  /** Puts a conversation into a queue as a new waiting chat and offers it (inside the caller's transaction). */
  async enqueue(trx: Db, conversationId: number, queueId: number, hops = 0): Promise<Envelope[]> {
    const now = this.clock.now();
    const conversation = (await this.core.updateAndLock(trx, conversationId, {
      state: 'queued',
      queue_id: queueId,
      owner_id: null,
      waiting_since: now,
      offer_round: 0,
      offline_replied: 0,
    }))!;
    const customerId = conversation.customer_id;
    const waiting = customerId === null ? [] : [await appendCustomerEvent(trx, customerId, { type: 'chat.state', state: 'queued', agentName: null }, now)];
    return [...waiting, ...(await this.offer(trx, conversationId, hops, conversation))];
  }

  /** Moves every chat whose ring time ran out on to its next wave (until `stopping`). The server calls this every second. */
  async routeDue(stopping: () => boolean = () => false): Promise<void> {
    for (const id of await routingStorage.dueIds(this.db, this.clock.now())) {
      if (stopping()) return;
      await this.reroute(id, true);
    }
  }

  /** Looks again at the waiting chats an agent could take, when the agent becomes available. */
  async agentAvailable(userId: number): Promise<void> {
    for (const id of await routingStorage.queuedInQueuesOf(this.db, userId)) await this.reroute(id, false);
  }

  async queueChanged(queueId: number): Promise<void> {
    for (const id of await routingStorage.queuedIn(this.db, queueId)) await this.reroute(id, false);
  }

  private async reroute(conversationId: number, nextWave: boolean): Promise<void> {
    await this.core.change(conversationId, async (trx, conversation) => {
      if (conversation?.state !== 'queued') return { value: undefined, envelopes: [] };
      const current = nextWave ? await this.core.updateAndLock(trx, conversationId, { offer_round: conversation.offer_round + 1 }) : conversation;
      return { value: undefined, envelopes: await this.offer(trx, conversationId, 0, current) };
    });
  }

  /** `locked`: the row as this transaction last locked or changed it, when the caller has it (read again otherwise). */
  private async offer(trx: Db, conversationId: number, hops: number, locked?: ConversationRow): Promise<Envelope[]> {
    const now = this.clock.now();
    const conversation = locked ?? (await this.core.lock(trx, conversationId))!;
    const queue = conversation.queue_id === null ? undefined : await routingStorage.queue(trx, conversation.queue_id);
    if (!queue) return [];
    const agents = await routingStorage.loggedInAgents(trx, queue.id, now, usesTodaysFigures(queue.strategy as StrategyName));
    const timedOut = now - (conversation.waiting_since ?? now) >= queue.max_wait_s * 1000;
    if (hops < MAX_HOPS && (agents.length === 0 || timedOut)) {
      const destination = JSON.parse(agents.length === 0 ? queue.no_agents_destination : queue.timeout_destination) as Destination;
      if (destination.type !== 'offline' || conversation.offline_replied === 0) {
        return this.sendTo(trx, conversationId, destination, hops);
      }
    }
    const candidates = agents.filter((a) => a.status === 'available' && this.hub.isOnline(a.userId));
    const waves = strategies[queue.strategy as StrategyName](candidates, {
      lastTakenBy: queue.last_taken_by,
      // Read only where it counts: it was one statement more for every offer of every queue.
      lastTakenPosition: usesLastTaken(queue.strategy as StrategyName) ? await routingStorage.positionOf(trx, queue.id, queue.last_taken_by) : null,
      random: this.random,
    });
    const wave = waves.length ? waves[conversation.offer_round % waves.length]! : [];
    await this.core.update(trx, conversationId, { next_route_at: now + (wave.length ? queue.ring_time_s * 1000 : RETRY_MS) });
    return this.setOffers(trx, conversationId, wave);
  }

  /** Offers the chat to exactly these agents: the others it was offered to lose it. */
  private async setOffers(trx: Db, conversationId: number, userIds: number[]): Promise<Envelope[]> {
    const before = await this.core.snapshot(trx, conversationId);
    const offered = [...before].filter(([, role]) => role === 'offered').map(([id]) => id);
    const unchanged = offered.length === userIds.length && userIds.every((id) => before.get(id) === 'offered');
    if (unchanged) return [];
    await this.core.removeMembers(
      trx,
      conversationId,
      offered.filter((id) => !userIds.includes(id)),
    );
    await this.core.setMembers(trx, conversationId, userIds, 'offered', false);
    return this.core.publishChange(trx, conversationId, before, { reason: 'offer_moved', byName: null }, this.clock.now(), false);
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
