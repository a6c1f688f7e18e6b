import { z } from 'zod';
import { Id } from './common.js';
import { NameText } from './text.js';
import { Extension } from './users.js';

export const StrategyName = z.enum([
  'prioritized_hunt',
  'ring_all',
  'hunt_random_start',
  'next_agent',
  'longest_waiting',
  'least_talk_time',
  'fewest_answered',
  'hunt_by_threes',
  'first_3_available',
]);
export type StrategyName = z.infer<typeof StrategyName>;

/** Where a chat goes when no agent is logged in or it waited too long. */
export const Destination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), queueId: Id }),
  z.object({ type: z.literal('extension'), userId: Id }),
  /** Stay waiting in this queue; the customer gets the offline reply once. */
  z.object({ type: z.literal('offline') }),
]);
export type Destination = z.infer<typeof Destination>;

export const QueueInput = z.object({
  number: Extension,
  name: NameText(120),
  strategy: StrategyName.default('ring_all'),
  ringTimeSeconds: z.number().int().min(5).max(600).default(20),
  maxWaitSeconds: z.number().int().min(10).max(86_400).default(600),
  noAgentsDestination: Destination.default({ type: 'offline' }),
  timeoutDestination: Destination.default({ type: 'offline' }),
  /** Agents in priority order. */
  agentIds: z.array(Id).max(1000).default([]),
  managerIds: z.array(Id).max(1000).default([]),
});
export type QueueInput = z.infer<typeof QueueInput>;

export const Queue = QueueInput.extend({ id: Id });
export type Queue = z.infer<typeof Queue>;
export const QueueList = z.object({ queues: z.array(Queue) });

/** A queue as one of its agents or managers sees it. */
export const MyQueue = z.object({
  id: Id,
  number: z.string(),
  name: z.string(),
  isAgent: z.boolean(),
  isManager: z.boolean(),
  loggedIn: z.boolean(),
  waiting: z.number().int().nonnegative(),
});
export type MyQueue = z.infer<typeof MyQueue>;
export const MyQueueList = z.object({ queues: z.array(MyQueue) });
export const QueueLogin = z.object({ loggedIn: z.boolean() });
