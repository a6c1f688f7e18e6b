import type { Conversation } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accessStorage } from '../access/storage.js';
import { act, agentOnline, createQueue, createWidget, TestVisitor, ringAllDesk, type RingAllDesk } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { startTwoNodes, type TwoNodes, twoNodesReady } from '../testing/two-nodes.js';
import { TestSocket } from '../testing/ws-client.js';

const twoNodes = await twoNodesReady();

/** An offer of the visitor's chat reaching this socket from now on (an offer it had before does not count). */
function offerOf(socket: TestSocket, visitor: TestVisitor): Promise<Conversation> {
  const before = socket.events.length;
  return socket
    .next(
      (e) =>
        socket.events.indexOf(e) >= before &&
        e.type === 'conversation.created' &&
        e.conversation.customer?.id === visitor.id &&
        e.conversation.myRole === 'offered',
    )
    .then((e) => (e as { conversation: Conversation }).conversation);
}

/**
 * A late Take of a chat a colleague won on this node, by an agent it was offered to, is refused from that win
 * without reading the chat again (customer-chat/takes-in-flight.ts `lostTo`), and only while nothing changed it.
 */
describe.each(dialects)('late takes of a won chat on %s', (dialect) => {
  let h: Harness;
  let desk: RingAllDesk;

  beforeEach(async () => {
    h = await startHarness(dialect);
    desk = await ringAllDesk(h);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await desk.close();
  });

  async function wonByAnna(): Promise<{ id: number; visitor: TestVisitor }> {
    const visitor = await TestVisitor.start(h, desk.widget.key, 'Ada');
    const offered = offerOf(desk.sockets[1]!, visitor);
    await visitor.write('Hello');
    const { id } = await offered;
    expect((await act(h, desk.anna, id, 'take')).statusCode).toBe(200);
    return { id, visitor };
  }

  it('takes a chat for a colleague it was offered to without reading it first: the take judges it under its lock', async () => {
    const visitor = await TestVisitor.start(h, desk.widget.key, 'Ada');
    const offered = offerOf(desk.sockets[0]!, visitor);
    await visitor.write('Hello');
    const { id } = await offered;
    const reads = [vi.spyOn(accessStorage, 'takeFacts'), vi.spyOn(accessStorage, 'takeFactsFor')];
    expect((await act(h, desk.anna, id, 'take')).statusCode).toBe(200);
    expect(reads.map((r) => r.mock.calls.length)).toEqual([0, 0]);
    const row = await h.storage.db.selectFrom('conversations').select(['owner_id', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: desk.anna.id, state: 'owned' });
  });

  it('tells a colleague it was offered to who won, without reading it again; a stranger is read and refused', async () => {
    const { id } = await wonByAnna();
    const reads = [vi.spyOn(accessStorage, 'takeFacts'), vi.spyOn(accessStorage, 'takeFactsFor')];
    const late = await act(h, desk.ben, id, 'take');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'ALREADY_TAKEN', message: 'Already taken by Anna' } });
    expect(reads.map((r) => r.mock.calls.length)).toEqual([0, 0]);
    // Never offered it: the database says what they may know (nothing: not an agent of its queue).
    const stranger = await h.user('Cem');
    expect((await act(h, stranger, id, 'take')).json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(reads[0]!.mock.calls.length + reads[1]!.mock.calls.length).toBe(1);
    // Anna pressing again keeps it hers.
    expect((await act(h, desk.anna, id, 'take')).statusCode).toBe(200);
  });

  it('lets a colleague take the chat once it is back in the queue and offered to them again', async () => {
    const { id, visitor } = await wonByAnna();
    expect((await act(h, desk.ben, id, 'take')).statusCode).toBe(409);
    const queue = await h.storage.db.selectFrom('queues').select('id').executeTakeFirstOrThrow();
    const offeredAgain = offerOf(desk.sockets[1]!, visitor);
    expect((await act(h, desk.anna, id, 'transfer', { to: { type: 'queue', queueId: queue.id } })).statusCode).toBe(200);
    await offeredAgain;
    expect((await act(h, desk.ben, id, 'take')).statusCode).toBe(200);
    const row = await h.storage.db.selectFrom('conversations').select(['owner_id', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: desk.ben.id, state: 'owned' });
  });
});

/**
 * Two nodes sharing PostgreSQL and Redis: the node that remembers a win hears, through the bus, that another node
 * offered the chat again, and judges the next take by the database.
 */
describe.runIf(twoNodes)('late takes of a chat offered again by another node', () => {
  let nodes: TwoNodes;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    nodes = await startTwoNodes();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await nodes.close();
  });

  it('lets a colleague take a chat won on this node once the other node sent it back to the queue', async () => {
    const { nodeA, nodeB, urlB } = nodes;
    const admin = await nodeA.user('Root', 'admin');
    const [anna, ben] = [await nodeA.user('Anna'), await nodeA.user('Ben')];
    const queue = await createQueue(nodeA, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id] });
    const widget = await createWidget(nodeA, admin, { type: 'queue', queueId: queue.id });
    sockets.push(await agentOnline(nodeA, anna, [queue.id]), await agentOnline(nodeA, ben, [queue.id]));
    // Ben also has a tab on node B, so node B's router counts him online there.
    sockets.push(await TestSocket.connect(urlB, ben.token));
    const benOnA = sockets[1]!;

    const visitor = await TestVisitor.start(nodeA, widget.key, 'Ada');
    const offered = offerOf(benOnA, visitor);
    await visitor.write('Hello');
    const { id } = await offered;
    expect((await act(nodeA, anna, id, 'take')).statusCode).toBe(200);
    expect((await act(nodeA, ben, id, 'take')).json()).toMatchObject({ error: { code: 'ALREADY_TAKEN' } });

    // Node B sends it back to the queue; node A delivers the new offer to Ben's socket there only after it heard it.
    const offeredAgain = offerOf(benOnA, visitor);
    const transfer = await nodeB.app.inject({
      method: 'POST',
      url: `/api/conversations/${id}/transfer`,
      headers: anna.auth,
      payload: { to: { type: 'queue', queueId: queue.id } },
    });
    expect(transfer.statusCode).toBe(200);
    await offeredAgain;
    const take = await act(nodeA, ben, id, 'take');
    expect(take.statusCode, take.body).toBe(200);
  });
});
