import { describe, expect, it } from 'vitest';
import { TurnBatch } from './turn-batch.js';

/** A read that answers every key it is given with its input doubled, and records the sizes it was asked for. */
function doubling(sizes: number[], fail?: (keys: string[]) => boolean) {
  return async (inputs: Map<string, number>) => {
    sizes.push(inputs.size);
    if (fail?.([...inputs.keys()])) throw new Error('database gone');
    return new Map([...inputs].filter(([, n]) => n >= 0).map(([key, n]) => [key, n * 2]));
  };
}

describe('reads asked for in one turn', () => {
  it('are read together, each key once, every asker answered', async () => {
    const sizes: number[] = [];
    const batch = new TurnBatch(doubling(sizes));
    const answers = await Promise.all([batch.load('a', 1), batch.load('b', 2), batch.load('a', 1), batch.load('gone', -1)]);
    expect(answers).toEqual([2, 4, 2, undefined]);
    expect(sizes).toEqual([3]);
    expect(await batch.load('c', 3)).toBe(6); // a later turn reads again
    expect(sizes).toEqual([3, 1]);
  });

  it('are read in parts of a bounded size when a turn asks for more, and a failed part fails only its askers', async () => {
    const sizes: number[] = [];
    const batch = new TurnBatch(
      doubling(sizes, (keys) => keys.includes('k5')),
      4,
    );
    const asked = Array.from({ length: 10 }, (_, i) => batch.load(`k${i}`, i));
    const answers = await Promise.allSettled(asked);
    expect(sizes).toEqual([4, 4, 2]);
    expect(answers.map((a) => a.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(answers[9]).toEqual({ status: 'fulfilled', value: 18 });
  });
});
