import type { AgentState } from './types.js';

/** A sorted copy by `key` ascending, ties by queue position (then userId, so the order is total). */
export function sortedBy(candidates: readonly AgentState[], key: (agent: AgentState) => number): AgentState[] {
  return [...candidates].sort((a, b) => key(a) - key(b) || a.position - b.position || a.userId - b.userId);
}

/** A sorted copy in the queue's configured agent order. */
export function inPositionOrder(candidates: readonly AgentState[]): AgentState[] {
  return sortedBy(candidates, (agent) => agent.position);
}

/** Consecutive waves of at most `size` agents; [] when there are no agents. */
export function chunked(agents: readonly AgentState[], size: number): number[][] {
  const waves: number[][] = [];
  for (let start = 0; start < agents.length; start += size) {
    waves.push(agents.slice(start, start + size).map((agent) => agent.userId));
  }
  return waves;
}

/** One agent per wave. */
export function oneByOne(agents: readonly AgentState[]): number[][] {
  return chunked(agents, 1);
}

/** The same agents starting at `start` and wrapping around. */
export function rotated<T>(items: readonly T[], start: number): T[] {
  return [...items.slice(start), ...items.slice(0, start)];
}
