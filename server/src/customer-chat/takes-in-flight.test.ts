import { describe, expect, it } from 'vitest';
import { TakesInFlight } from './takes-in-flight.js';

const ann = { id: 1, name: 'Ann' };

describe('takes of one chat in flight on this node', () => {
  it('tells a take pressed meanwhile who won, once the first take succeeded', async () => {
    const takes = new TakesInFlight();
    let finish!: () => void;
    const first = takes.run(7, ann, () => new Promise<void>((resolve) => (finish = resolve)));
    const winner = takes.settledWinner(7);
    finish();
    await first;
    expect(await winner).toEqual(ann);
  });

  it('lets the others go to the database when the first take failed', async () => {
    const takes = new TakesInFlight();
    const first = takes.run(7, ann, async () => {
      throw new Error('no longer offered');
    });
    const winner = takes.settledWinner(7);
    await expect(first).rejects.toThrow('no longer offered');
    expect(await winner).toBeUndefined();
  });

  it('remembers nothing once a take ended, and keeps chats apart', async () => {
    const takes = new TakesInFlight();
    await takes.run(7, ann, async () => {});
    expect(await takes.settledWinner(7)).toBeUndefined();
    let finish!: () => void;
    const other = takes.run(8, ann, () => new Promise<void>((resolve) => (finish = resolve)));
    expect(await takes.settledWinner(7)).toBeUndefined();
    finish();
    await other;
  });
});
