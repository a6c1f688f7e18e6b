import { randomBytes } from 'node:crypto';
import { CloseCodes, type Conversation } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness.js';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../testing/redis.js';
import { TestSocket } from '../testing/ws-client.js';
import { startTwoNodes, type TwoNodes, twoNodesReady } from '../testing/two-nodes.js';
import { RedisBus } from './redis-bus.js';

const ready = await twoNodesReady();
if (!ready) console.warn('[switchboard tests] PostgreSQL or Redis not reachable: the two-node test is skipped');

describe.runIf(ready)('two server nodes on one PostgreSQL database with the Redis bus', () => {
  let nodes: TwoNodes;
  let nodeA: Harness;
  let nodeBUrl: string;
  let channel: string;

  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ nodeA, urlB: nodeBUrl, channel } = nodes);
  });
  afterAll(() => nodes.close());

  it('delivers a message sent through one node to a socket held by the other', async () => {
    const anna = await nodeA.user('Anna');
    const ben = await nodeA.user('Ben');
    const benOnB = await TestSocket.connect(nodeBUrl, ben.token);
    const created = await nodeA.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    const conversation = created.json() as Conversation;
    await nodeA.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: anna.auth,
      payload: { clientId: 'across-nodes-1', body: 'hello from node A' },
    });
    const event = await benOnB.next((e) => e.type === 'message.created');
    expect(event.type === 'message.created' && event.message.body).toBe('hello from node A');
    await benOnB.close();
  });

  it('ignores a stray message on its channel and goes on delivering', async () => {
    const anna = await nodeA.user('Anna');
    const onB = await TestSocket.connect(nodeBUrl, anna.token);
    const stray = new Redis(REDIS_URL);
    await stray.publish(channel, 'not json');
    await stray.publish(channel, '{"to":"u1"}');
    stray.disconnect();
    nodeA.services.hub.publishTo([anna.id], { type: 'pong' });
    await onB.nextNew('pong');
    await onB.close();
  });

  it('closes a socket held by the other node when its session logs out, or its password changes', async () => {
    const admin = await nodeA.user('Root', 'admin');
    const anna = await nodeA.user('Anna');
    const loggingOut = await TestSocket.connect(nodeBUrl, anna.token);
    await nodeA.app.inject({ method: 'POST', url: '/api/auth/logout', headers: anna.auth });
    expect(await loggingOut.closed()).toBe(CloseCodes.SIGNED_OUT);

    const again = await nodeA.login(anna.email);
    const onB = await TestSocket.connect(nodeBUrl, again.token);
    await nodeA.app.inject({ method: 'PATCH', url: `/api/admin/users/${anna.id}`, headers: admin.auth, payload: { password: 'another-long-password' } });
    expect(await onB.closed()).toBe(CloseCodes.SIGNED_OUT);
  });
});

describe.runIf(ready)('the Redis bus after it closed', () => {
  // Sockets that close while a node shuts down still publish (a call's end, say) after the bus has closed.
  it('reports a failed publish instead of leaving an unhandled rejection that would end the process', async () => {
    const bus = await RedisBus.connect(REDIS_URL, `switchboard:test:${randomBytes(4).toString('hex')}`);
    const failures: unknown[] = [];
    bus.onError = (error) => failures.push(error);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await bus.close();
      bus.publish([{ to: 'u1', event: { type: 'pong' } }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
      expect(failures).toHaveLength(1);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
