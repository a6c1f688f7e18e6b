import { describe, expect, it } from 'vitest';
import { TakesInFlight } from './takes-in-flight.js';

const ann = { id: 1, name: 'Ann' };
const ben = { id: 2, name: 'Ben' };
const cem = { id: 3, name: 'Cem' };

/** A take that counts its runs and succeeds (or fails) after a moment, as a transaction would. */
function database(fail: (actor: number) => boolean = () => false) {
  const ran: number[] = [];
  return {
    ran,
    take: (actor: number) => async () => {
      ran.push(actor);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail(actor)) throw new Error('no longer offered');
    },
  };
}

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
});
