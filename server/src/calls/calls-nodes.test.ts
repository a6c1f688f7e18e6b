import type { CallView, Conversation, Message } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Built } from '../app.js';
import { FakeClock } from '../testing/clock.js';
import type { Harness, TestUser } from '../testing/harness.js';
import { startTwoNodes, type TwoNodes, twoNodesReady } from '../testing/two-nodes.js';
import { TestSocket } from '../testing/ws-client.js';
import { NODE_LEASE_MS, RECONNECT_GRACE_MS } from './service.js';

const ready = await twoNodesReady();

/**
 * Calls across two nodes sharing PostgreSQL and Redis. Each node has a clock of its own: node B's stands
 * still while node A's moves, which is what node B falling silent (dead) looks like from node A.
 */
describe.runIf(ready)('calls across two server nodes', () => {
  let nodes: TwoNodes;
  let nodeA: Harness;
  let nodeB: Built;
  let urlB: string;
  const clockA = new FakeClock();
  const clockB = new FakeClock();
  const sockets: TestSocket[] = [];
  let counter = 0;

  beforeAll(async () => {
    nodes = await startTwoNodes({ a: clockA, b: clockB });
    ({ nodeA, nodeB, urlB } = nodes);
  });
  afterAll(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await nodes.close();
  });

  /** Connects, and waits until every node can see the socket (its row is written just after it opens). */
  const connect = async (url: string, user: TestUser) => {
    const socket = await TestSocket.connect(url, user.token);
    sockets.push(socket);
    const rows = () => nodeA.storage.db.selectFrom('live_sockets').select('id').where('recipient', '=', `u${user.id}`).execute();
    await expect.poll(async () => (await rows()).length).toBeGreaterThan(0);
    return socket;
  };
  const direct = async (a: TestUser, b: TestUser) =>
    (await nodeA.app.inject({ method: 'POST', url: '/api/conversations', headers: a.auth, payload: { kind: 'direct', userId: b.id } })).json() as Conversation;
  const place = (socket: TestSocket, conversationId: number) => {
    const clientId = `nodes-${counter++}`;
    socket.send({ type: 'call.start', conversationId, media: 'voice', clientId });
    return socket
      .next((e) => (e.type === 'call.state' || e.type === 'error') && 'clientId' in e && e.clientId === clientId)
      .then((e) => (e.type === 'call.state' ? e.call : e));
  };
  const callState = (socket: TestSocket, match: (c: CallView) => boolean) =>
    socket.next((e) => e.type === 'call.state' && match(e.call)).then((e) => (e as { call: CallView }).call);
  const callLines = async (user: TestUser, conversationId: number) =>
    (
      (await nodeA.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}/messages`, headers: user.auth })).json() as { messages: Message[] }
    ).messages
      .filter((m) => m.system?.kind === 'call')
      .map((m) => m.system);

  it('rings a callee whose only device is on the other node (not "offline"), and connects across nodes', async () => {
    const [anna, ben] = [await nodeA.user('Anna'), await nodeA.user('Ben')];
    const chat = await direct(anna, ben);
    const annaOnA = await connect(nodeA.url, anna);
    const benOnB = await connect(urlB, ben);
    const placed = (await place(annaOnA, chat.id)) as CallView;
    expect(placed).toMatchObject({ state: 'ringing' });
    await callState(benOnB, (c) => c.id === placed.id);
    benOnB.send({ type: 'call.accept', callId: placed.id, video: false });
    expect(await callState(annaOnA, (c) => c.id === placed.id && c.state === 'connected')).toBeTruthy();
    benOnB.send({ type: 'call.hangup', callId: placed.id });
    await callState(annaOnA, (c) => c.id === placed.id && c.state === 'ended');

    // Gone from node B, Ben is offline for node A too.
    await benOnB.close();
    const bensSockets = () => nodeA.storage.db.selectFrom('live_sockets').select('id').where('recipient', '=', `u${ben.id}`).execute();
    await expect.poll(async () => (await bensSockets()).length).toBe(0);
    expect(await place(annaOnA, chat.id)).toMatchObject({ state: 'ended', endReason: 'offline' } as Partial<CallView>);
  });

  it('of two callers on different nodes calling one colleague at the same moment, exactly one rings, the other is busy', async () => {
    const [anna, ben, carl] = [await nodeA.user('Anna'), await nodeA.user('Ben'), await nodeA.user('Carl')];
    const [annaBen, carlBen] = [await direct(anna, ben), await direct(carl, ben)];
    const annaOnA = await connect(nodeA.url, anna);
    const carlOnB = await connect(urlB, carl);
    await connect(urlB, ben);
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([place(annaOnA, annaBen.id), place(carlOnB, carlBen.id)]);
      const outcomes = answers.map((a) => ('state' in a ? ((a as CallView).endReason ?? a.state) : a.type)).sort();
      expect(outcomes).toEqual(['busy', 'ringing']);
      const ringing = answers.find((a) => 'state' in a && a.state === 'ringing') as CallView;
      const caller = ringing.conversationId === annaBen.id ? annaOnA : carlOnB;
      caller.send({ type: 'call.hangup', callId: ringing.id });
      await callState(caller, (c) => c.id === ringing.id && c.state === 'ended');
    }
  });

  it('ends the calls of a node that died, with their transcript line, once its lease and the reconnect grace ran out', async () => {
    const [anna, ben] = [await nodeA.user('Anna'), await nodeA.user('Ben')];
    const chat = await direct(anna, ben);
    const annaOnA = await connect(nodeA.url, anna);
    const benOnB = await connect(urlB, ben);
    const placed = (await place(annaOnA, chat.id)) as CallView;
    await callState(benOnB, (c) => c.id === placed.id);
    benOnB.send({ type: 'call.accept', callId: placed.id, video: false });
    await callState(annaOnA, (c) => c.id === placed.id && c.state === 'connected');

    // Node B falls silent: its lease is not renewed (its clock stands still) while node A's time goes on.
    clockA.advance(NODE_LEASE_MS + 1000);
    await nodeA.services.calls.tick();
    expect(annaOnA.events.some((e) => e.type === 'call.state' && e.call.id === placed.id && e.call.state === 'ended')).toBe(false);
    clockA.advance(RECONNECT_GRACE_MS);
    await nodeA.services.calls.tick();
    // Node A's own timer may have ended it a moment before this tick: read what arrived, not only what comes.
    const ended = () => annaOnA.events.find((e) => e.type === 'call.state' && e.call.id === placed.id && e.call.state === 'ended');
    await expect.poll(ended).toMatchObject({ call: { endReason: 'answered' } });
    expect(await callLines(anna, chat.id)).toEqual([expect.objectContaining({ kind: 'call', outcome: 'answered', durationMs: NODE_LEASE_MS + 1000 })]);

    // Node B was only paused: when it renews its lease and finds it swept, its sockets count again, so Ben rings.
    clockB.advance(NODE_LEASE_MS + 1000 + RECONNECT_GRACE_MS);
    await nodeB.services.calls.startNode();
    const again = (await place(annaOnA, chat.id)) as CallView;
    expect(again).toMatchObject({ state: 'ringing' });
    await expect.poll(() => benOnB.events.some((e) => e.type === 'call.state' && e.call.id === again.id && e.call.state === 'ringing')).toBe(true);
  });
});
