import { oneByOne, sortedBy } from './order.js';
import type { Strategy } from './types.js';

/** One agent at a time, fewest chats taken today first. */
export const fewestAnswered: Strategy = (candidates) => oneByOne(sortedBy(candidates, (agent) => agent.answeredToday));
