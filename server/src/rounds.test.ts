import { describe, expect, it } from 'vitest';
import { Rounds } from './rounds.js';

describe('Rounds', () => {
  it('skips ticks while a round runs instead of queueing them, and runs again after', async () => {
    let started = 0;
    let finish: () => void = () => {};
    const rounds = new Rounds(
      () => {
        started++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      () => {},
    );
    rounds.tick();
    rounds.tick();
    rounds.tick();
    expect(started).toBe(1);
    finish();
    await rounds.settled();
    rounds.tick();
    expect(started).toBe(2);
    finish();
    await rounds.settled();
    expect(started).toBe(2);
  });

  it('reports a failed round and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const rounds = new Rounds(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database busy');
      },
      (error) => errors.push(error),
    );
    rounds.tick();
    await rounds.settled();
    rounds.tick();
    await rounds.settled();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('stops a round after the item at hand and starts none after', async () => {
    const done: number[] = [];
    let release: () => void = () => {};
    const rounds = new Rounds(
      async (stopping) => {
        for (const item of [1, 2, 3, 4]) {
          if (stopping()) return;
          await new Promise<void>((resolve) => (release = resolve));
          done.push(item);
        }
      },
      () => {},
    );
    rounds.tick();
    release();
    await Promise.resolve();
    const stopped = rounds.stop();
    release();
    await stopped;
    expect(done).toEqual([1, 2]);
    rounds.tick();
    await rounds.settled();
    expect(done).toEqual([1, 2]);
  });
});
