import { chunked, inPositionOrder } from './order.js';
import type { Strategy } from './types.js';

/** Three agents at a time in queue order; after the ring time, the next three. */
export const huntByThrees: Strategy = (candidates) => chunked(inPositionOrder(candidates), 3);
