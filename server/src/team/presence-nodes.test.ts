import type { Conversation } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentOnline, createQueue, createWidget } from '../testing/customer-chat.js';
import type { TestUser } from '../testing/harness.js';
import { startTwoNodes, type TwoNodes, twoNodesReady } from '../testing/two-nodes.js';
import { TestSocket } from '../testing/ws-client.js';

const twoNodes = await twoNodesReady();

/**
 * A colleague is online when they have a socket on any node (team/online.ts): the node a customer's message
 * reaches offers it to them, its Team view and search show them present, and its widget says someone is there.
 */
describe.runIf(twoNodes)('presence across nodes', () => {
  let nodes: TwoNodes;
  let anna: TestUser;
  let ben: TestUser;
  let widgetKey: string;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    nodes = await startTwoNodes();
    const { nodeA } = nodes;
    const admin = await nodeA.user('Root', 'admin');
    [anna, ben] = [await nodeA.user('Anna'), await nodeA.user('Ben')];
    const queue = await createQueue(nodeA, admin, { strategy: 'ring_all', agentIds: [anna.id] });
    widgetKey = (await createWidget(nodeA, admin, { type: 'queue', queueId: queue.id })).key;
    // Anna works on node A only; the customer and Ben reach node B.
    sockets.push(await agentOnline(nodeA, anna, [queue.id]));
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await nodes.close();
  });

  const onB = (url: string, user?: TestUser, method: 'GET' | 'POST' = 'GET', payload?: object, headers: Record<string, string> = {}) =>
    nodes.nodeB.app.inject({ method, url, headers: { ...user?.auth, ...headers }, payload, remoteAddress: '203.0.113.7' });
  const presenceOnB = async (of: TestUser) =>
    ((await onB(`/api/users/search?q=${of.name}`, ben)).json() as { users: { id: number; presence: string }[] }).users.find((u) => u.id === of.id)?.presence;

  it('offers a chat arriving through another node to an agent online on this one', async () => {
    expect((await onB(`/api/widget/${widgetKey}/config`)).json()).toMatchObject({ online: true });

    const visit = (await onB(`/api/widget/${widgetKey}/visits`, undefined, 'POST', { name: 'Ada', email: '' })).json() as { token: string };
    const offered = sockets[0]!.next((e) => e.type === 'conversation.created' && e.conversation.myRole === 'offered');
    const sent = await onB(
      '/api/visitor/messages',
      undefined,
      'POST',
      { clientId: 'first-message', body: 'Hello' },
      { authorization: `Visitor ${visit.token}` },
    );
    expect(sent.json()).toMatchObject({ body: 'Hello' });
    const { conversation } = (await offered) as { conversation: Conversation };
    expect(conversation.customer?.name).toBe('Ada');
    expect((await onB(`/api/conversations/${conversation.id}/take`, anna, 'POST')).statusCode).toBe(200);
  });

  it('shows a colleague online on another node as present, and offline once their last socket there closes', async () => {
    expect(await presenceOnB(anna)).toBe('available');
    await sockets.splice(0)[0]!.close();
    await expect.poll(() => presenceOnB(anna), { timeout: 5000 }).toBe('offline');
    expect((await onB(`/api/widget/${widgetKey}/config`)).json()).toMatchObject({ online: false });
  });

  it('tells the team a colleague who closes their tab on one node is still there while a tab on another is open', async () => {
    const admin = await nodes.nodeA.user('Boss', 'admin');
    const group = { name: 'Sales', members: [anna, ben].map((m) => ({ userId: m.id, isManager: false })) };
    expect((await nodes.nodeA.app.inject({ method: 'POST', url: '/api/admin/groups', headers: admin.auth, payload: group })).statusCode).toBe(201);
    const benOnB = await TestSocket.connect(nodes.urlB, ben.token);
    const aboutAnna = (from: number) => benOnB.next((e) => e.type === 'presence' && e.userId === anna.id && benOnB.events.indexOf(e) >= from);
    sockets.push(benOnB, await TestSocket.connect(nodes.urlB, anna.token));
    await aboutAnna(0); // node B told of her tab there
    const told = aboutAnna(benOnB.events.length);
    await sockets.splice(0, 1)[0]!.close(); // her tab on node A
    expect(await told).toMatchObject({ presence: 'available' });
  });
});
