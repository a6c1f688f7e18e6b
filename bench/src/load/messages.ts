import type { LatencySummary } from '../stats.js';

/** The parent (server process) and the load generator (child process) talk through these IPC messages. */

export interface ClientSpec {
  userId: number;
  /** Full WebSocket URL of this client. */
  url: string;
  /** Bearer token; the bare relay needs none. */
  token?: string;
  /** The conversation this client sends into, and how many other members receive each message. */
  conversationId?: number;
  recipients?: number;
}

/** Bounded window: every client keeps `window` sends unanswered. Paced: `rate` sends per second in total. */
export type LoadShape = { mode: 'window'; window: number } | { mode: 'paced'; rate: number };

export interface LoadPlan {
  shape: LoadShape;
  warmupMs: number;
  measureMs: number;
  /** Longest wait, once sending stops, for outstanding answers and deliveries. */
  drainMs: number;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  firstError?: string;
  ms: number;
}

export interface LoadResult {
  sent: number;
  acked: number;
  /** message.created frames received by members other than the sender. */
  delivered: number;
  expectedDeliveries: number;
  /** message.created frames the sender received for its own messages. */
  echoes: number;
  errors: number;
  firstError?: string;
  /** Deliveries received inside the measurement window, and their send-to-deliver latency. */
  deliveredInWindow: number;
  windowMs: number;
  latency: LatencySummary;
  /** The same for deliveries during warm-up: a server just started, with cold code paths. */
  warmupLatency: LatencySummary;
  /** CPU time of the load generator during the window, as a fraction of one core. */
  generatorCpu: number;
}

export interface MemoryFigures {
  heapUsed: number;
  external: number;
  rss: number;
}

export type Command =
  | { kind: 'connect'; clients: ClientSpec[]; concurrency: number }
  | { kind: 'run'; plan: LoadPlan }
  | { kind: 'memory' }
  | { kind: 'disconnect' };

export type Reply =
  | { kind: 'connected'; result: ConnectResult }
  | { kind: 'ran'; result: LoadResult }
  | { kind: 'memory'; result: MemoryFigures }
  | { kind: 'disconnected' }
  | { kind: 'failed'; message: string };

/** Sent by the generator while a run is going, so the parent can sample its own CPU over the same window. */
export type Mark = { kind: 'mark'; phase: 'measure-start' | 'measure-end' };

export type ChildMessage = Reply | Mark;
