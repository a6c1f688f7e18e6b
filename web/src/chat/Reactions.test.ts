import { describe, expect, it } from 'vitest';
import { groupReactions } from './Reactions';

describe('reactions under a message', () => {
  it('group by emoji in the order they first came, each with who reacted', () => {
    expect(
      groupReactions([
        { emoji: '👍', byName: 'Jana Fischer', byCustomer: true },
        { emoji: '❤️', byName: 'Ben', byCustomer: false },
        { emoji: '👍', byName: 'Anna', byCustomer: false },
      ]),
    ).toEqual([
      { emoji: '👍', names: ['Jana Fischer', 'Anna'] },
      { emoji: '❤️', names: ['Ben'] },
    ]);
    expect(groupReactions([])).toEqual([]);
  });
});
