import type { Attachment } from '@switchboard/protocol';
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

/** Visitors write in to a queue's widget; every agent takes every chat it is offered at once. */
export interface RoutingPlan {
  httpUrl: string;
  widgetKey: string;
  chats: number;
  /** The chats' first messages are spread evenly over this many ms; their visitors are created before. */
  arrivalMs: number;
  /** From the first message: the longest wait for every chat to have an owner. */
  limitMs: number;
  /** Then: the longest wait for the answers still in flight. */
  drainMs: number;
}

/** How many take requests got which answer. */
export interface TakeAnswers {
  sent: number;
  ok: number;
  /** 409 ALREADY_TAKEN */
  alreadyTaken: number;
  /** 403 FORBIDDEN: the offer was gone by the time the take was looked at. */
  forbidden: number;
  other: number;
  firstOther?: string;
}

export interface RoutingResult {
  messagesSent: number;
  messagesOk: number;
  firstMessageError?: string;
  /** From the visitor's message being sent to the first `conversation.created` (offered) of its chat at any agent. */
  firstOffer: LatencySummary;
  /** Offers received, over all agents. */
  offers: number;
  takes: TakeAnswers;
  /** Chats some agent was told 200 for. */
  owned: number;
  /** From the first message to the 200 that made the last chat owned, or to the limit when not all were. */
  windowMs: number;
  allOwned: boolean;
  /** Chats more than one agent was told 200 for. */
  doubleWins: number;
  /** [conversationId, userId] of every 200. */
  wins: [number, number][];
  generatorCpu: number;
}

/** One file to upload into a conversation and then send there in a message with no text. */
export interface UploadSpec {
  httpUrl: string;
  token: string;
  conversationId: number;
  /** Path of the file on this machine; the generator streams it. */
  file: string;
  name: string;
  contentType: string;
}

export interface UploadResult {
  /** From the upload request being sent to its response having arrived. */
  ms: number;
  /** What the server answered about the file (`kind`, whether it has a display version and thumbnail). */
  attachment?: Attachment;
  /** Set when the upload or the message sending it failed. */
  problem?: string;
}

export interface MemoryFigures {
  heapUsed: number;
  external: number;
  rss: number;
}

export type Command =
  | { kind: 'connect'; clients: ClientSpec[]; concurrency: number }
  | { kind: 'run'; plan: LoadPlan }
  | { kind: 'route'; plan: RoutingPlan }
  | { kind: 'upload'; uploads: UploadSpec[] }
  | { kind: 'memory' }
  | { kind: 'webhooks'; plan: WebhookBlast }
  | { kind: 'disconnect' };

export type Reply =
  | { kind: 'connected'; result: ConnectResult }
  | { kind: 'ran'; result: LoadResult }
  | { kind: 'routed'; result: RoutingResult }
  | { kind: 'uploaded'; results: UploadResult[] }
  | { kind: 'memory'; result: MemoryFigures }
  | { kind: 'webhooks'; result: WebhookBlastResult }
  | { kind: 'disconnected' }
  | { kind: 'failed'; message: string };

/** Sent by the generator while a run is going, so the parent can sample its own CPU over the same window. */
export type Mark = { kind: 'mark'; phase: 'measure-start' | 'measure-end' };

export type ChildMessage = Reply | Mark;

/** Signed WhatsApp webhooks posted open-loop from the generator. */
export interface WebhookBlast {
  url: string;
  count: number;
  rate: number;
  connections: number;
  customers: number;
  retryEvery: number;
  appSecret: string;
  phoneNumberId: string;
}

export interface WebhookBlastResult {
  /** Time from writing each request to the end of its answer, ms. */
  latencies: number[];
  failures: number;
  firstFailure?: string;
  seconds: number;
}
