import { inPositionOrder, oneByOne } from './order.js';
import type { Strategy } from './types.js';

/** One agent at a time, always starting from the first in the queue's agent order. */
export const prioritizedHunt: Strategy = (candidates) => oneByOne(inPositionOrder(candidates));
