import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, TestVisitor } from '../testing/customer-chat.js';
import { FakeClock } from '../testing/clock.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import { TYPING_THROTTLE_MS } from './service.js';

describe.each(dialects)('typing indicators on %s', (dialect) => {
  let h: Harness;
  let clock: FakeClock;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    clock = new FakeClock();
    h = await startHarness(dialect, { clock });
    await h.listen();
    anna = await h.user('Anna');
    ben = await h.user('Ben');
    clara = await h.user('Clara');
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await h.close();
  });

  const connect = async (user: TestUser) => {
    const socket = await TestSocket.connect(h.url, user.token);
    sockets.push(socket);
    return socket;
  };
  const typings = (socket: TestSocket) => socket.events.filter((e) => e.type === 'typing');
  const storedEvents = async () => Number((await sql<{ n: number }>`select count(*) as n from events`.execute(h.storage.db)).rows[0]!.n);
  const asActor = (user: TestUser) => ({ id: user.id, role: user.role, name: user.name });

  async function direct(from: TestUser, to: TestUser): Promise<number> {
    return (await h.app.inject({ method: 'POST', url: '/api/conversations', headers: from.auth, payload: { kind: 'direct', userId: to.id } })).json().id;
  }

  it('tells the other colleague, stores nothing, and passes one frame per sender every 3 seconds', async () => {
    const chat = await direct(anna, ben);
    const annaSocket = await connect(anna);
    const benSocket = await connect(ben);
    const before = await storedEvents();

    annaSocket.send({ type: 'typing', conversationId: chat });
    expect(await benSocket.next('typing')).toEqual({ type: 'typing', conversationId: chat, userId: anna.id, name: 'Anna' });
    await h.services.typing.colleagueTyping(asActor(anna), chat); // within 3 s: dropped
    clock.advance(TYPING_THROTTLE_MS);
    await h.services.typing.colleagueTyping(asActor(anna), chat);
    await expect.poll(() => typings(benSocket).length).toBe(2);
    expect(typings(annaSocket)).toEqual([]); // not told about their own typing
    expect(await storedEvents()).toBe(before);
  });

  it('refuses a typing frame from a colleague who may not write in the conversation', async () => {
    const chat = await direct(anna, ben);
    const benSocket = await connect(ben);
    const claraSocket = await connect(clara);
    claraSocket.send({ type: 'typing', conversationId: chat });
    expect(await claraSocket.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    await h.services.typing.colleagueTyping(asActor(anna), chat);
    await benSocket.next('typing');
    expect(typings(benSocket)).toEqual([expect.objectContaining({ userId: anna.id })]);
    await expect(h.services.typing.colleagueTyping(asActor(clara), chat)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('goes both ways between the agent who has a live chat and its visitor, and not to other agents', async () => {
    const admin = await h.user('Root', 'admin');
    const queue = await createQueue(h, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id] });
    const widget = await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    const annaSocket = await agentOnline(h, anna, [queue.id]);
    sockets.push(annaSocket);
    const visitor = await TestVisitor.start(h, widget.key, 'Jane Visitor');
    await visitor.write('Hello');
    const chat = (await recents(h, anna))[0]!.id;
    expect((await act(h, anna, chat, 'take')).statusCode).toBe(200);
    const benSocket = await connect(ben);
    const visitorSocket = await visitor.socket();
    sockets.push(visitorSocket);

    visitorSocket.send({ type: 'typing' });
    expect(await annaSocket.next('typing')).toEqual({ type: 'typing', conversationId: chat, name: 'Jane Visitor' });
    annaSocket.send({ type: 'typing', conversationId: chat });
    // The visitor learns the agent's name, not their user id.
    expect(await visitorSocket.next('typing')).toEqual({ type: 'typing', conversationId: chat, name: 'Anna' });
    // Ben is in the queue but does not have the chat: he may not write in it, and sees nobody typing.
    benSocket.send({ type: 'typing', conversationId: chat });
    expect(await benSocket.next('error')).toMatchObject({ code: 'FORBIDDEN' });
    expect(typings(benSocket)).toEqual([]);
    // A ping is still answered.
    visitorSocket.send({ type: 'ping' });
    await visitorSocket.next('pong');
  });
});
