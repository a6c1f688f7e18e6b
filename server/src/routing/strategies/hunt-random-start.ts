import { inPositionOrder, oneByOne, rotated } from './order.js';
import type { Strategy } from './types.js';

/** One agent at a time, starting from a random agent, then in queue order, wrapping around. */
export const huntRandomStart: Strategy = (candidates, context) => {
  const ordered = inPositionOrder(candidates);
  if (ordered.length === 0) return [];
  // Clamped so an injected random() that returns 1 cannot index past the end.
  const start = Math.min(ordered.length - 1, Math.floor(context.random() * ordered.length));
  return oneByOne(rotated(ordered, Math.max(0, start)));
};
