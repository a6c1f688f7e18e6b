import type { BusMessage } from '../events/bus.js';
import { parseRecipient } from '../events/recipient.js';
import { conversationOf } from './takes-in-flight.js';

/** Chats remembered at most; the oldest go first (a chat waits for long only when nobody takes it). */
const MAX_CHATS = 10_000;

/**
 * Whom each waiting chat was offered to, as the event bus told this node (this node's offers and, with Redis,
 * the other nodes'). A take by an agent a chat was offered to goes straight to the take, which judges it under
 * the chat's lock with the same rule (`takeAll`): the read that judged it first was one statement for every
 * chat's first take in a burst (on PostgreSQL ~1,000 of the ~1,500 statements of a Hunt by threes burst were
 * such reads and the take batches). Any other event about the chat (taken, withdrawn, transferred, closed)
 * forgets it, and a take by anyone the chat was not offered to here is read first as before. A stale memory
 * (a lost bus message) costs nothing but the early answer: the take's own check refuses.
 */
export class OffersHeard {
  private readonly offered = new Map<number, Set<number>>();

  hear(messages: readonly BusMessage[]): void {
    for (const message of messages) {
      if (!('event' in message)) continue;
      const conversationId = conversationOf(message.event);
      if (conversationId === undefined) continue;
      const { event } = message;
      const to = parseRecipient(message.to);
      if (event.type === 'conversation.created' && event.conversation.myRole === 'offered' && to.kind === 'user') this.add(conversationId, to.id);
      else this.offered.delete(conversationId);
    }
  }

  /** Whether the chat was offered to the user, and nothing about it has been heard since. */
  has(conversationId: number, userId: number): boolean {
    return this.offered.get(conversationId)?.has(userId) ?? false;
  }

  private add(conversationId: number, userId: number): void {
    const users = this.offered.get(conversationId);
    if (users) return void users.add(userId);
    this.offered.set(conversationId, new Set([userId]));
    if (this.offered.size > MAX_CHATS) this.offered.delete(this.offered.keys().next().value!);
  }
}
