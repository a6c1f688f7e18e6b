import { inPositionOrder } from './order.js';
import type { Strategy } from './types.js';

/**
 * The top three agents at once, like ring all limited to three. Only one wave: the router
 * re-evaluates the candidates every round, so the next three come in only once the first leave.
 */
export const first3Available: Strategy = (candidates) =>
  candidates.length === 0
    ? []
    : [
        inPositionOrder(candidates)
          .slice(0, 3)
          .map((agent) => agent.userId),
      ];
