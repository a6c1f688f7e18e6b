import { describe, expect, it } from 'vitest';
import { LateLane } from './late-lane.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the late lane', () => {
  it('lets a few go on per turn of the event loop, oldest first, until nobody waits', async () => {
    const lane = new LateLane(3);
    const gone: number[] = [];
    const all = Array.from({ length: 8 }, (_, i) => lane.wait().then(() => gone.push(i)));
    expect(lane.length).toBe(8);
    await turn();
    expect(gone).toEqual([0, 1, 2]);
    await turn();
    expect(gone).toEqual([0, 1, 2, 3, 4, 5]);
    await Promise.all(all);
    expect(gone).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(lane.length).toBe(0);
  });

  it('lets work that arrives meanwhile go first', async () => {
    const lane = new LateLane(1);
    const order: string[] = [];
    const late = [lane.wait().then(() => order.push('late 1')), lane.wait().then(() => order.push('late 2'))];
    await turn();
    order.push('new work'); // arrived in the turn the first late one went on
    await Promise.all(late);
    expect(order).toEqual(['late 1', 'new work', 'late 2']);
  });

  it('keeps its order over a long line, past the point where it drops the ones gone', async () => {
    const lane = new LateLane(1000);
    const gone: number[] = [];
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => lane.wait().then(() => gone.push(i))));
    expect(gone).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });
});
