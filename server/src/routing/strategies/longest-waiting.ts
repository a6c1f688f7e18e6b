import { oneByOne, sortedBy } from './order.js';
import type { Strategy } from './types.js';

/** One agent at a time, longest idle first; idleSince 0 (never had a chat) sorts first. */
export const longestWaiting: Strategy = (candidates) => oneByOne(sortedBy(candidates, (agent) => agent.idleSince));
