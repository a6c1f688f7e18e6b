import { fewestAnswered } from './fewest-answered.js';
import { first3Available } from './first-3-available.js';
import { huntByThrees } from './hunt-by-threes.js';
import { huntRandomStart } from './hunt-random-start.js';
import { leastTalkTime } from './least-talk-time.js';
import { longestWaiting } from './longest-waiting.js';
import { nextAgent } from './next-agent.js';
import { prioritizedHunt } from './prioritized-hunt.js';
import { ringAll } from './ring-all.js';
import type { Strategy, StrategyName } from './types.js';

export type { AgentState, Strategy, StrategyContext, StrategyName } from './types.js';
export { fewestAnswered, first3Available, huntByThrees, huntRandomStart, leastTalkTime, longestWaiting, nextAgent, prioritizedHunt, ringAll };

/** The strategies that order agents by today's figures (`AgentState`'s idle time, chats, talk time); the others need only the queue order. */
export const usesTodaysFigures = (name: StrategyName): boolean => name === 'longest_waiting' || name === 'least_talk_time' || name === 'fewest_answered';

/** The strategies that go on from the queue position of whoever took the last chat; the others never look at it. */
export const usesLastTaken = (name: StrategyName): boolean => name === 'next_agent';

export const strategies: Record<StrategyName, Strategy> = {
  prioritized_hunt: prioritizedHunt,
  ring_all: ringAll,
  hunt_random_start: huntRandomStart,
  next_agent: nextAgent,
  longest_waiting: longestWaiting,
  least_talk_time: leastTalkTime,
  fewest_answered: fewestAnswered,
  hunt_by_threes: huntByThrees,
  first_3_available: first3Available,
};
