import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../events/bus.js';
import { userRecipient } from '../events/recipient.js';
import { TakesInFlight } from './takes-in-flight.js';

const ann = { id: 1, name: 'Ann' };
const ben = { id: 2, name: 'Ben' };
const cem = { id: 3, name: 'Cem' };

/**
 * A take that counts its runs and succeeds (or fails) after a moment, as a transaction would; a win answers
 * that the chat was offered to Ann, Ben and Cem.
 */
function database(fail: (actor: number) => boolean = () => false) {
  const ran: number[] = [];
  return {
    ran,
    take: (actor: number) => async () => {
      ran.push(actor);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail(actor)) throw new Error('no longer offered');
      return [ann.id, ben.id, cem.id];
    },
  };
}

/** What the bus carries about chat 7: a colleague's view of it, or its removal from a colleague's list. */
const view = (changes: { state?: 'queued' | 'owned' | 'closed'; ownerId?: number; myRole?: string } = {}) =>
  ({
    to: 'u:2',
    event: {
      type: 'conversation.updated',
      seq: 1,
      conversation: { id: 7, state: changes.state ?? 'owned', owner: { id: changes.ownerId ?? ann.id, name: 'Ann' }, myRole: changes.myRole ?? 'owner' },
    },
  }) as unknown as BusMessage;
const removal = (reason: string) =>
  ({ to: 'u:2', event: { type: 'conversation.removed', seq: 1, conversationId: 7, reason, byName: 'Ann' } }) as unknown as BusMessage;

describe('takes of one chat on this node', () => {
  it('runs one take of those whose checks end in the same turn; the others hear who won', async () => {
    const takes = new TakesInFlight();
    const db = database();
    const asked = takes.asked();
    const checksRead = Promise.resolve(); // the checks of all three were read in one query
    const winners = await Promise.all(
      [ann, ben, cem].map(async (actor) => {
        await checksRead;
        return takes.winner(7, actor, asked, db.take(actor.id));
      }),
    );
    expect(db.ran).toEqual([ann.id]);
    expect(winners).toEqual([ann, ann, ann]);
  });

  it('lets the next go to the database when a take failed, and the rest wait for that one', async () => {
    const takes = new TakesInFlight();
    const db = database((actor) => actor === ann.id);
    const asked = takes.asked();
    const results = await Promise.allSettled([ann, ben, cem].map((actor) => takes.winner(7, actor, asked, db.take(actor.id))));
    expect(results[0]).toMatchObject({ status: 'rejected', reason: new Error('no longer offered') });
    expect(results.slice(1)).toEqual([
      { status: 'fulfilled', value: ben },
      { status: 'fulfilled', value: ben },
    ]);
    expect(db.ran).toEqual([ann.id, ben.id]);
  });

  it('answers a take asked before a win that arrives after it, and sends one asked after to the database', async () => {
    const takes = new TakesInFlight();
    const db = database();
    const before = takes.asked(); // its checks read the chat while it was still offered
    await takes.winner(7, ann, takes.asked(), db.take(ann.id));
    expect(await takes.winner(7, ben, before, db.take(ben.id))).toEqual(ann);
    expect(db.ran).toEqual([ann.id]);
    // Asked after the win, its checks saw the chat as it is now: it goes to the database (which refuses or not).
    expect(await takes.winner(7, cem, takes.asked(), db.take(cem.id))).toEqual(cem);
    expect(await takes.winner(8, ben, before, db.take(ben.id))).toEqual(ben);
    expect(db.ran).toEqual([ann.id, cem.id, ben.id]);
  });

  it('forgets a win after a minute', async () => {
    let now = 0;
    const takes = new TakesInFlight(() => now);
    const db = database();
    const before = takes.asked();
    await takes.winner(7, ann, before, db.take(ann.id));
    now = 61_000;
    await takes.winner(8, ann, before, db.take(ann.id)); // wins are let go of as new ones come
    expect(await takes.winner(7, ben, before, db.take(ben.id))).toEqual(ben);
    expect(await takes.winner(8, ben, before, db.take(ben.id))).toEqual(ann);
  });

  it('counts a chat as decided while a take of it is checked or running, and for a minute after a win', async () => {
    let now = 0;
    const takes = new TakesInFlight(() => now);
    const db = database();
    expect(takes.decided(7)).toBe(false);
    const checked = takes.check(7);
    expect(takes.decided(7)).toBe(true);
    checked(); // refused at its check (not offered to them): nothing was decided
    expect(takes.decided(7)).toBe(false);
    const done = takes.check(7);
    const running = takes.winner(7, ann, takes.asked(), db.take(ann.id));
    done();
    expect(takes.decided(7)).toBe(true);
    await running;
    expect([takes.decided(7), takes.decided(8)]).toEqual([true, false]);
    now = 61_000;
    expect(takes.decided(7)).toBe(false);
  });

  describe('answering late takes from a win', () => {
    it('names the winner to the colleagues the chat was offered to, for ten seconds', async () => {
      let now = 0;
      const takes = new TakesInFlight(() => now);
      expect(takes.lostTo(7, ben.id)).toBeUndefined(); // nothing won yet: judged by the database
      await takes.winner(7, ann, takes.asked(), database().take(ann.id));
      expect([takes.lostTo(7, ben.id), takes.lostTo(7, cem.id)]).toEqual([ann, ann]);
      expect(takes.lostTo(7, ann.id)).toBeUndefined(); // the winner's own second press goes on (it is theirs)
      expect(takes.lostTo(7, 4)).toBeUndefined(); // never offered it: the database says what they may know
      expect(takes.lostTo(8, ben.id)).toBeUndefined();
      now = 10_000;
      expect(takes.lostTo(7, ben.id)).toBeUndefined();
    });

    it('keeps answering through the win’s own events', async () => {
      const takes = new TakesInFlight();
      await takes.winner(7, ann, takes.asked(), database().take(ann.id));
      takes.forgetChanges([view(), removal('taken'), { to: userRecipient(2), disconnect: { code: 4000, reason: 'signed out' } }]);
      expect(takes.lostTo(7, ben.id)).toEqual(ann);
    });

    it.each([
      ['offered again', view({ state: 'queued', myRole: 'offered' })],
      ['back in the queue', view({ state: 'queued', myRole: 'former' })],
      ['transferred to a colleague', view({ ownerId: cem.id })],
      ['closed', view({ state: 'closed' })],
      ['removed from the winner (transferred away)', removal('transferred')],
      ['deleted', removal('deleted')],
    ])('leaves the takes to the database once the chat is %s', async (_, change) => {
      const takes = new TakesInFlight();
      await takes.winner(7, ann, takes.asked(), database().take(ann.id));
      takes.forgetChanges([change]);
      expect(takes.lostTo(7, ben.id)).toBeUndefined();
      expect(takes.decided(7)).toBe(true); // still likely lost: late takes stay behind new chats
    });
  });
});
