import { inPositionOrder } from './order.js';
import type { Strategy } from './types.js';

/** Everyone at once; the first agent to answer gets the chat. */
export const ringAll: Strategy = (candidates) => (candidates.length === 0 ? [] : [inPositionOrder(candidates).map((agent) => agent.userId)]);
