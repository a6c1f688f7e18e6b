import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../events/bus.js';
import { customerRecipient, userRecipient } from '../events/recipient.js';
import { OffersHeard } from './offers-heard.js';

/** What the bus carries about a chat: its view as one colleague sees it, or its removal from their list. */
const view = (type: 'conversation.created' | 'conversation.updated', conversationId: number, userId: number, myRole: string) =>
  ({ to: userRecipient(userId), event: { type, conversation: { id: conversationId, myRole } } }) as unknown as BusMessage;
const offer = (conversationId: number, userId: number) => view('conversation.created', conversationId, userId, 'offered');
const removal = (conversationId: number, userId: number) =>
  ({ to: userRecipient(userId), event: { type: 'conversation.removed', conversationId, reason: 'taken', byName: 'Ann' } }) as unknown as BusMessage;

describe('offers heard on the bus', () => {
  it('knows whom each chat was offered to, and nobody else', () => {
    const offers = new OffersHeard();
    offers.hear([offer(7, 1), offer(7, 2), offer(8, 3)]);
    expect([offers.has(7, 1), offers.has(7, 2), offers.has(7, 3), offers.has(8, 3), offers.has(9, 1)]).toEqual([true, true, false, true, false]);
  });

  it.each([
    ['taken (its removal from an offered list)', removal(7, 2)],
    ['shown to a colleague otherwise (an owner’s view)', view('conversation.updated', 7, 1, 'owner')],
    ['created for a member, not offered', view('conversation.created', 7, 4, 'member')],
  ])('forgets a chat once anything else is heard about it: %s', (_what, change) => {
    const offers = new OffersHeard();
    offers.hear([offer(7, 1), offer(7, 2), offer(8, 3)]);
    offers.hear([change]);
    expect([offers.has(7, 1), offers.has(7, 2), offers.has(8, 3)]).toEqual([false, false, true]);
  });

  it('ignores what is not about a chat: a customer’s own events, a disconnect', () => {
    const offers = new OffersHeard();
    offers.hear([offer(7, 1)]);
    offers.hear([
      { to: customerRecipient(5), event: { type: 'chat.state', state: 'queued', agentName: null, seq: 1 } } as unknown as BusMessage,
      { to: userRecipient(1), disconnect: { code: 4000, reason: 'signed out' } },
    ]);
    expect(offers.has(7, 1)).toBe(true);
  });

  it('offered again after a change, knows the new offer', () => {
    const offers = new OffersHeard();
    offers.hear([offer(7, 1), removal(7, 1), offer(7, 2)]);
    expect([offers.has(7, 1), offers.has(7, 2)]).toEqual([false, true]);
  });
});
