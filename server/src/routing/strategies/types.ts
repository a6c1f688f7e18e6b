import type { StrategyName } from '@switchboard/protocol';

export type { StrategyName };

export interface AgentState {
  userId: number;
  /** Position in the queue's configured agent order, 0 first. */
  position: number;
  /** Epoch ms since which the agent has had no chat (end of their last chat, or when they last took one if still in it); 0 when never. */
  idleSince: number;
  /** Chats the agent took today. */
  answeredToday: number;
  /** Milliseconds the agent spent in chats today. */
  talkTimeToday: number;
}

export interface StrategyContext {
  /** The agent who took this queue's previous chat, for round robin; null when none yet. */
  lastTakenBy: number | null;
  /**
   * Queue position of `lastTakenBy`, for round robin. Passed in rather than looked up because that
   * agent may since have logged out and so be missing from the candidates. When absent (undefined
   * or null), next_agent falls back to `lastTakenBy`'s position among the candidates, and failing
   * that starts from the first agent.
   */
  lastTakenPosition?: number | null;
  /** Returns a number in [0, 1); injected so tests pin it. */
  random: () => number;
}

/** The waves in which a waiting chat is offered: waves[0] first, after each ring time the next wave; the router loops back to the first wave after the last. Every candidate appears in exactly one wave (except with first_3_available, which offers only the top three); the input candidates are already filtered to logged-in, available agents. */
export type Strategy = (candidates: readonly AgentState[], context: StrategyContext) => number[][];
