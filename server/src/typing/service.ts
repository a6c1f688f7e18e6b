import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { ConversationCore } from '../conversations/core.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { customerRecipient, userRecipient } from '../events/recipient.js';

/** At most one typing event per sender and conversation this often; clients send no more often either. */
export const TYPING_THROTTLE_MS = 3000;
/** Senders forgotten after this long, so the throttle's memory stays small. */
const FORGET_AFTER_MS = 60_000;

/**
 * "Is typing" between colleagues and between colleagues and a live chat visitor: ephemeral events on the
 * bus, never stored. A typing frame is authorised like a message (whoever may send to the conversation),
 * throttled per sender and conversation on this node, and shown by clients for about six seconds.
 */
export class TypingService {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly access: Access,
    private readonly core: ConversationCore,
    private readonly hub: Hub,
    private readonly clock: Clock,
  ) {}

  /** A colleague types in a conversation: the other colleagues in it see it, and the customer of a live chat. */
  async colleagueTyping(actor: Actor, conversationId: number): Promise<void> {
    await this.access.require(actor, 'conversation.send', conversationId);
    if (!this.due(`u${actor.id}:${conversationId}`)) return;
    const target = await this.core.sendTarget(conversationId);
    const members = (await this.core.seenBy(conversationId)).filter((id) => id !== actor.id);
    const event = { type: 'typing' as const, conversationId, userId: actor.id, name: actor.name };
    const envelopes: Envelope[] = members.map((id) => ({ to: userRecipient(id), event }));
    // Only the website visitor sees it: a messaging app's customer has no such thing from us.
    // (with the colleague's name only: their user id is nothing the visitor needs).
    if (target?.channel === 'livechat' && target.customer_id !== null) {
      envelopes.push({ to: customerRecipient(target.customer_id), event: { type: 'typing', conversationId, name: actor.name } });
    }
    this.hub.publish(envelopes);
  }

  /** A live chat visitor types: the colleagues who have their chat in hand (owner, offered) see it. */
  async visitorTyping(visitor: { id: number; name: string; accountId: number }): Promise<void> {
    const conversation = await this.core.conversationOf(visitor.id, visitor.accountId);
    if (!conversation || !this.due(`c${visitor.id}:${conversation.id}`)) return;
    const members = await this.core.seenBy(conversation.id);
    const event = { type: 'typing' as const, conversationId: conversation.id, name: visitor.name || conversation.title };
    this.hub.publish(members.map((id) => ({ to: userRecipient(id), event })));
  }

  /** Whether this sender may be heard again in this conversation now (and notes that they were). */
  private due(key: string): boolean {
    const now = this.clock.now();
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < TYPING_THROTTLE_MS) return false;
    this.lastSent.set(key, now);
    if (this.lastSent.size > 10_000) for (const [k, at] of this.lastSent) if (now - at > FORGET_AFTER_MS) this.lastSent.delete(k);
    return true;
  }
}
