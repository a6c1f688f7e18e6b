import type { DurableEvent } from '@switchboard/protocol';
import type { Envelope } from './bus.js';
import { userRecipient } from './recipient.js';
import { adoptWire } from './wire.js';

/**
 * An event for colleagues who are only *offered* a chat: sent to their open sockets now, not stored in their
 * streams (no seq). A queue that rings fifty agents wrote fifty event rows per offer and again per withdrawal,
 * under fifty locked stream counters (on PostgreSQL every offer and take of the queue waited for the others);
 * what a colleague is offered is state, which their client reads again on every (re)connect (docs/protocol.md).
 */
export function liveEnvelopes(userIds: readonly number[], event: DurableEvent): Envelope[] {
  if (userIds.length === 0) return [];
  // Serialised once for all of them, as a durable event is for its rows.
  adoptWire(event, JSON.stringify(event));
  return userIds.map((userId) => ({ to: userRecipient(userId), event }));
}
