import { describe, expect, it } from 'vitest';
import { StrategyName } from '@switchboard/protocol';
import { strategies, type AgentState, type StrategyContext, usesTodaysFigures } from './index.js';

const strategyNames = StrategyName.options;

function agent(userId: number, position: number, idleSince = 0, answeredToday = 0, talkTimeToday = 0): AgentState {
  return { userId, position, idleSince, answeredToday, talkTimeToday };
}

// Positions 0..4 = users 11..15; every stat orders them differently. Given out of position order.
const a11 = agent(11, 0, 5_000, 4, 900);
const a12 = agent(12, 1, 0, 2, 300);
const a13 = agent(13, 2, 3_000, 7, 100);
const a14 = agent(14, 3, 1_000, 1, 700);
const a15 = agent(15, 4, 2_000, 3, 500);
const five: readonly AgentState[] = [a13, a15, a11, a14, a12];

function context(overrides: Partial<StrategyContext> = {}): StrategyContext {
  return { lastTakenBy: null, random: () => 0, ...overrides };
}

describe('strategy registry', () => {
  it('implements every strategy the protocol names, in the reference table order', () => {
    expect(strategyNames).toEqual([
      'prioritized_hunt',
      'ring_all',
      'hunt_random_start',
      'next_agent',
      'longest_waiting',
      'least_talk_time',
      'fewest_answered',
      'hunt_by_threes',
      'first_3_available',
    ]);
    expect(Object.keys(strategies).sort()).toEqual([...strategyNames].sort());
  });

  // The router reads the day's figures only for these strategies (routing/storage.ts): one that orders by them
  // but is not marked would be handed zeros and offer in queue order.
  it.each(strategyNames)('%s is marked as using the figures of the day exactly when its offers depend on them', (name) => {
    const withoutFigures = five.map((a) => agent(a.userId, a.position));
    const ctx = context({ lastTakenBy: 12, lastTakenPosition: 1, random: () => 0.5 });
    expect(usesTodaysFigures(name)).toBe(JSON.stringify(strategies[name](five, ctx)) !== JSON.stringify(strategies[name](withoutFigures, ctx)));
  });

  it.each(strategyNames)('%s offers nothing when there are no candidates', (name) => {
    expect(strategies[name]([], context({ lastTakenBy: 12, lastTakenPosition: 1, random: () => 0.5 }))).toEqual([]);
  });

  it.each(strategyNames)('%s does not mutate its input', (name) => {
    const input = five.map((a) => Object.freeze({ ...a }));
    Object.freeze(input);
    const before = structuredClone(input);
    strategies[name](input, context({ lastTakenBy: 13, random: () => 0.5 }));
    expect(input).toEqual(before);
  });

  it.each(strategyNames.filter((name) => name !== 'first_3_available'))('%s offers every candidate exactly once', (name) => {
    const waves = strategies[name](five, context({ lastTakenBy: 14, random: () => 0.3 }));
    expect(waves.flat().sort()).toEqual([11, 12, 13, 14, 15]);
    expect(waves.every((wave) => wave.length > 0)).toBe(true);
  });
});

describe('ring_all', () => {
  it('offers everyone in one wave, in position order', () => {
    expect(strategies.ring_all(five, context())).toEqual([[11, 12, 13, 14, 15]]);
  });
  it('offers a single agent alone', () => {
    expect(strategies.ring_all([a14], context())).toEqual([[14]]);
  });
});

describe('first_3_available', () => {
  it('offers only the top three by position in one wave', () => {
    expect(strategies.first_3_available(five, context())).toEqual([[11, 12, 13]]);
  });
  it('offers fewer than three when fewer are available', () => {
    expect(strategies.first_3_available([a15, a12], context())).toEqual([[12, 15]]);
  });
  it('takes the next by position when the top ones are gone', () => {
    expect(strategies.first_3_available([a15, a14, a13, a11], context())).toEqual([[11, 13, 14]]);
  });
});

describe('hunt_by_threes', () => {
  it('offers waves of three in position order, the rest last', () => {
    expect(strategies.hunt_by_threes(five, context())).toEqual([
      [11, 12, 13],
      [14, 15],
    ]);
  });
  it('offers one wave when fewer than three', () => {
    expect(strategies.hunt_by_threes([a13, a11], context())).toEqual([[11, 13]]);
  });
  it('offers exactly full waves for six agents', () => {
    const six = [...five, agent(16, 9)];
    expect(strategies.hunt_by_threes(six, context())).toEqual([
      [11, 12, 13],
      [14, 15, 16],
    ]);
  });
});

describe('prioritized_hunt', () => {
  it('offers one at a time from the first by position, whoever took the last chat', () => {
    expect(strategies.prioritized_hunt(five, context({ lastTakenBy: 11, random: () => 0.5 }))).toEqual([[11], [12], [13], [14], [15]]);
  });
  it('follows gaps in positions', () => {
    expect(strategies.prioritized_hunt([agent(1, 7), agent(2, 3), agent(3, 5)], context())).toEqual([[2], [3], [1]]);
  });
});

describe('hunt_random_start', () => {
  it('starts at index floor(random * n) and continues in position order, wrapping', () => {
    expect(strategies.hunt_random_start(five, context({ random: () => 0.5 }))).toEqual([[13], [14], [15], [11], [12]]);
  });
  it('starts at the last agent for random 0.99 and wraps to the first', () => {
    expect(strategies.hunt_random_start(five, context({ random: () => 0.99 }))).toEqual([[15], [11], [12], [13], [14]]);
  });
  it('starts at the first agent for random 0', () => {
    expect(strategies.hunt_random_start(five, context({ random: () => 0 }))).toEqual([[11], [12], [13], [14], [15]]);
  });
  it('calls random once', () => {
    let calls = 0;
    strategies.hunt_random_start(five, context({ random: () => (calls++, 0.2) }));
    expect(calls).toBe(1);
  });
  it('stays in range if random misbehaves and returns 1', () => {
    expect(strategies.hunt_random_start([a11, a12], context({ random: () => 1 }))).toEqual([[12], [11]]);
  });
});

describe('next_agent', () => {
  it('starts with the agent after the one who took the last chat', () => {
    expect(strategies.next_agent(five, context({ lastTakenBy: 13 }))).toEqual([[14], [15], [11], [12], [13]]);
  });
  it('wraps to the first after the last agent', () => {
    expect(strategies.next_agent(five, context({ lastTakenBy: 15 }))).toEqual([[11], [12], [13], [14], [15]]);
  });
  it('starts from the first when nobody took a chat yet', () => {
    expect(strategies.next_agent(five, context({ lastTakenBy: null }))).toEqual([[11], [12], [13], [14], [15]]);
  });
  it('uses lastTakenPosition when the last agent has logged out', () => {
    const withoutA13 = [a15, a11, a14, a12];
    expect(strategies.next_agent(withoutA13, context({ lastTakenBy: 13, lastTakenPosition: 2 }))).toEqual([[14], [15], [11], [12]]);
  });
  it('prefers lastTakenPosition over looking the agent up', () => {
    expect(strategies.next_agent(five, context({ lastTakenBy: 13, lastTakenPosition: 0 }))).toEqual([[12], [13], [14], [15], [11]]);
  });
  it('wraps when lastTakenPosition is after every candidate', () => {
    expect(strategies.next_agent(five, context({ lastTakenBy: 99, lastTakenPosition: 7 }))).toEqual([[11], [12], [13], [14], [15]]);
  });
  it('starts from the first when the last agent is gone and its position unknown', () => {
    expect(strategies.next_agent([a14, a12], context({ lastTakenBy: 13 }))).toEqual([[12], [14]]);
  });
});

describe('longest_waiting', () => {
  it('offers the longest idle first, never-had-a-chat (0) before all', () => {
    expect(strategies.longest_waiting(five, context())).toEqual([[12], [14], [15], [13], [11]]);
  });
  it('breaks ties by position', () => {
    const tied = [agent(1, 2, 500), agent(2, 1, 500), agent(3, 0, 900), agent(4, 3, 0), agent(5, 4, 0)];
    expect(strategies.longest_waiting(tied, context())).toEqual([[4], [5], [2], [1], [3]]);
  });
});

describe('fewest_answered', () => {
  it('offers the agent with fewest chats today first', () => {
    expect(strategies.fewest_answered(five, context())).toEqual([[14], [12], [15], [11], [13]]);
  });
  it('breaks ties by position', () => {
    const tied = [agent(1, 2, 0, 3), agent(2, 0, 0, 3), agent(3, 1, 0, 5), agent(4, 3, 0, 0)];
    expect(strategies.fewest_answered(tied, context())).toEqual([[4], [2], [1], [3]]);
  });
});

describe('least_talk_time', () => {
  it('offers the agent with least time in chats today first', () => {
    expect(strategies.least_talk_time(five, context())).toEqual([[13], [12], [15], [14], [11]]);
  });
  it('breaks ties by position', () => {
    const tied = [agent(1, 4, 0, 0, 60_000), agent(2, 3, 0, 0, 60_000), agent(3, 0, 0, 0, 120_000), agent(4, 1, 0, 0, 60_000)];
    expect(strategies.least_talk_time(tied, context())).toEqual([[4], [2], [1], [3]]);
  });
});
