import { describe, expect, it } from 'vitest';
import { upsertById } from './list';

describe('upsertById', () => {
  it('replaces the entry with the same id in place, or adds a new one at the end', () => {
    const list = [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ];
    expect(upsertById(list, { id: 2, name: 'B' })).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'B' },
    ]);
    expect(upsertById(list, { id: 3, name: 'c' }).map((x) => x.id)).toEqual([1, 2, 3]);
    expect(upsertById(null, { id: 1, name: 'a' })).toEqual([{ id: 1, name: 'a' }]);
  });
});
