import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { ChannelTarget, Conversation, Message } from '@switchboard/protocol';
import { accountStorage } from '../channels/accounts/storage.js';
import type { DialectName } from '../db/dialect.js';
import { agentOnline, clientId, createQueue } from './customer-chat.js';
import { startHarness, type Harness, type TestUser } from './harness.js';
import type { TestSocket } from './ws-client.js';

/** What a messaging channel's end-to-end test starts from, whichever the channel. */
export interface ChannelTestbed {
  /** A listening server whose channel workers run only when a test settles them (CHANNEL_TICK_MS=0). */
  h: Harness;
  admin: TestUser;
  /** The one agent of a ring-all queue, logged in and online, so every routed chat is offered to them. */
  agent: TestUser;
  queueId: number;
  socket: TestSocket;
}

/** A server pointed at a channel provider's fake (`env` names its URL), with an agent waiting in a queue. */
export async function startChannelTestbed(dialect: DialectName, env: Record<string, string>): Promise<ChannelTestbed> {
  const h = await startHarness(dialect, { env: { ...env, CHANNEL_TICK_MS: '0' } });
  await h.listen();
  const admin = await h.user('Root', 'admin');
  const agent = await h.user('Anna Agent');
  const queueId = (await createQueue(h, admin, { agentIds: [agent.id], strategy: 'ring_all' })).id;
  const socket = await agentOnline(h, agent, [queueId]);
  return { h, admin, agent, queueId, socket };
}

/** Ends a test: the socket, the server and the fake closed, and the fake saw no request that breaks the provider's format. */
export async function stopChannelTestbed(h: Harness, socket: TestSocket | undefined, fake: { close(): Promise<void>; violations: string[] }): Promise<void> {
  await socket?.close();
  await h.close();
  await fake.close();
  expect(fake.violations).toEqual([]);
}

/** The agent's side of a channel chat over the HTTP API, on the harness of the running test. */
export function channelApi(harness: () => Harness) {
  const inject = (options: InjectOptions) => harness().app.inject(options);
  return {
    /** Runs the channel workers (inbox, outbox) until they are idle. */
    settle: () => harness().services.channels.workers.settle(),
    conversations: async (user: TestUser) =>
      ((await inject({ method: 'GET', url: '/api/conversations', headers: user.auth })).json() as { conversations: Conversation[] }).conversations,
    history: async (user: TestUser, id: number) =>
      ((await inject({ method: 'GET', url: `/api/conversations/${id}/messages`, headers: user.auth })).json() as { messages: Message[] }).messages,
    reply: (user: TestUser, id: number, body: string, extra: object = {}) =>
      inject({ method: 'POST', url: `/api/conversations/${id}/messages`, headers: user.auth, payload: { clientId: clientId(), body, ...extra } }),
    take: (user: TestUser, id: number) => inject({ method: 'POST', url: `/api/conversations/${id}/take`, headers: user.auth }),
    inboxRows: () => harness().storage.db.selectFrom('webhook_inbox').selectAll().execute(),
  };
}

/** Inserts a channel account as the service stores one (secrets sealed with the server's key), for a fake provider. */
export async function insertChannelAccount(
  h: Harness,
  account: { type: 'whatsapp' | 'messenger' | 'sms'; name: string; target: ChannelTarget; settings: object; secrets: Record<string, string> },
): Promise<{ id: number; key: string }> {
  const prefix = { whatsapp: 'wa', messenger: 'fb', sms: 'sms' }[account.type];
  const key = `${prefix}-${Math.random().toString(36).slice(2, 12)}`;
  const { id } = await accountStorage.insert(h.storage.db, {
    type: account.type,
    name: account.name,
    key,
    targetType: account.target.type,
    targetId: account.target.type === 'queue' ? account.target.queueId : account.target.userId,
    settings: JSON.stringify(account.settings),
    secrets: h.services.channels.box.seal(account.secrets),
    now: Date.now(),
  });
  return { id, key };
}
