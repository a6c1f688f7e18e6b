import { oneByOne, sortedBy } from './order.js';
import type { Strategy } from './types.js';

/** One agent at a time, least time spent in chats today first. */
export const leastTalkTime: Strategy = (candidates) => oneByOne(sortedBy(candidates, (agent) => agent.talkTimeToday));
