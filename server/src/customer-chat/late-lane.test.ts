import { describe, expect, it } from 'vitest';
import { LateLane } from './late-lane.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the late lane', () => {
  it('lets whole groups go on per turn of the event loop, oldest first, until nobody waits', async () => {
    const lane = new LateLane<string>(3);
    const gone: string[] = [];
    const wait = (group: string, name: string) => lane.wait(group).then(() => gone.push(name));
    const all = [wait('a', 'a1'), wait('b', 'b1'), wait('a', 'a2'), wait('c', 'c1'), wait('a', 'a3'), wait('d', 'd1'), wait('d', 'd2')];
    expect(lane.length).toBe(7);
    await turn();
    // The first group is three already: the turn ends with it, its last member included.
    expect(gone).toEqual(['a1', 'a2', 'a3']);
    await turn();
    expect(gone).toEqual(['a1', 'a2', 'a3', 'b1', 'c1', 'd1', 'd2']);
    await Promise.all(all);
    expect(lane.length).toBe(0);
  });

  it('lets work that arrives meanwhile go first', async () => {
    const lane = new LateLane<number>(1);
    const order: string[] = [];
    const late = [lane.wait(1).then(() => order.push('late 1')), lane.wait(2).then(() => order.push('late 2'))];
    await turn();
    order.push('new work'); // arrived in the turn the first late one went on
    await Promise.all(late);
    expect(order).toEqual(['late 1', 'new work', 'late 2']);
  });

  it('puts a group that comes back after its turn at the end of the line', async () => {
    const lane = new LateLane<number>(1);
    const gone: string[] = [];
    await lane.wait(7).then(() => gone.push('7 first'));
    const rest = [lane.wait(8).then(() => gone.push('8')), lane.wait(7).then(() => gone.push('7 again'))];
    await Promise.all(rest);
    expect(gone).toEqual(['7 first', '8', '7 again']);
  });
});
