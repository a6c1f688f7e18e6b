import type { StrategyName } from '@switchboard/protocol';
import type { SeededUser } from './seed.js';
import type { Switchboard } from './switchboard.js';

export interface LiveChatQueue {
  queueId: number;
  /** The key of a website widget whose chats go to the queue. */
  widgetKey: string;
}

async function call<T>(sb: Switchboard, user: SeededUser, method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${sb.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A queue of `agents` in this order with the given strategy and ring time, a widget in front of it, and
 * every agent logged into it, all through the HTTP API. Agents still need an open socket to be offered chats.
 */
export async function openQueue(
  sb: Switchboard,
  admin: SeededUser,
  agents: SeededUser[],
  strategy: StrategyName,
  ringTimeSeconds: number,
): Promise<LiveChatQueue> {
  const queue = await call<{ id: number }>(sb, admin, 'POST', '/api/admin/queues', {
    number: '800',
    name: 'Support',
    strategy,
    ringTimeSeconds,
    agentIds: agents.map((a) => a.id),
  });
  const widget = await call<{ key: string }>(sb, admin, 'POST', '/api/admin/widgets', { name: 'Website', target: { type: 'queue', queueId: queue.id } });
  for (const agent of agents) await call(sb, agent, 'PUT', `/api/queues/${queue.id}/login`, { loggedIn: true });
  return { queueId: queue.id, widgetKey: widget.key };
}
