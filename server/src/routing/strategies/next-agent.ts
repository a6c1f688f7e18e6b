import { inPositionOrder, oneByOne, rotated } from './order.js';
import type { Strategy } from './types.js';

/**
 * Round robin: one agent at a time, starting with the first agent whose position is after the
 * position of the agent who took the previous chat, wrapping around; from the first agent when
 * that position is unknown.
 */
export const nextAgent: Strategy = (candidates, context) => {
  const ordered = inPositionOrder(candidates);
  const lastPosition = context.lastTakenPosition ?? ordered.find((agent) => agent.userId === context.lastTakenBy)?.position ?? null;
  if (lastPosition === null) return oneByOne(ordered);
  const after = ordered.findIndex((agent) => agent.position > lastPosition);
  return oneByOne(rotated(ordered, after === -1 ? 0 : after));
};
