import type { Conversation } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, recents, TestVisitor, ringAllDesk, type RingAllDesk } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';

/**
 * What concerns an agent who is only offered a chat reaches their open sockets live, without a seq, and is not
 * stored in their stream (events/live.ts): the offers a queue of fifty makes cost no event rows and lock no
 * agent's stream. Their client reloads its list on every `ready` instead (web/src/realtime/sync.ts).
 */
describe.each(dialects)('offers as live events on %s', (dialect) => {
  let h: Harness;
  let desk: RingAllDesk;
  let anna: TestUser;
  let ben: TestUser;
  let widget: { key: string };
  let sockets: TestSocket[];

  beforeEach(async () => {
    h = await startHarness(dialect);
    desk = await ringAllDesk(h);
    ({ anna, ben, widget, sockets } = desk);
  });
  afterEach(async () => {
    await desk.close();
  });

  const storedEventsOf = async (user: TestUser) =>
    Number(
      (
        await h.storage.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const offerOf = (socket: TestSocket, visitor: TestVisitor) =>
    socket.next((e) => e.type === 'conversation.created' && e.conversation.customer?.id === visitor.id) as Promise<{ conversation: Conversation }>;

  it('offers a chat and withdraws it live, storing nothing in the offered agents’ streams', async () => {
    const [annaSocket, benSocket] = sockets;
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Hello, I need help');
    const offers = await Promise.all([offerOf(annaSocket!, visitor), offerOf(benSocket!, visitor)]);
    for (const offer of offers) {
      expect(offer).not.toHaveProperty('seq');
      expect(offer.conversation).toMatchObject({ state: 'queued', myRole: 'offered' });
    }
    expect([await storedEventsOf(anna), await storedEventsOf(ben)]).toEqual([0, 0]);

    const id = offers[0]!.conversation.id;
    expect((await act(h, anna, id, 'take')).statusCode).toBe(200);
    const removed = await benSocket!.next((e) => e.type === 'conversation.removed' && e.conversationId === id);
    expect(removed).not.toHaveProperty('seq');
    expect(removed).toMatchObject({ reason: 'taken', byName: 'Anna' });
    // The new owner's view is history from now on: in her stream.
    const mine = await annaSocket!.next((e) => e.type === 'conversation.updated' && e.conversation.id === id);
    expect(mine).toMatchObject({ seq: expect.any(Number), conversation: { myRole: 'owner' } });
    expect(await storedEventsOf(anna)).toBeGreaterThan(0);
    expect(await storedEventsOf(ben)).toBe(0);
  });

  it('sends a waiting customer’s messages live to the offered agents, and to the owner in her stream', async () => {
    const [annaSocket, benSocket] = sockets;
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Hello');
    const id = (await offerOf(benSocket!, visitor)).conversation.id;
    await visitor.write('Is anybody there?');
    for (const socket of [annaSocket!, benSocket!]) {
      const message = await socket.next((e) => e.type === 'message.created' && e.message.body === 'Is anybody there?');
      expect(message).not.toHaveProperty('seq');
    }
    expect((await act(h, anna, id, 'take')).statusCode).toBe(200);
    await visitor.write('Thanks, Anna');
    const owned = await annaSocket!.next((e) => e.type === 'message.created' && e.message.body === 'Thanks, Anna');
    expect(owned).toHaveProperty('seq');
    expect(benSocket!.events.some((e) => e.type === 'message.created' && e.message.body === 'Thanks, Anna')).toBe(false);
  });

  it('leaves an agent who was away when his offer was withdrawn a list without it when he resumes', async () => {
    const [, benSocket] = sockets;
    const visitor = await TestVisitor.start(h, widget.key);
    await visitor.write('Hello');
    const id = (await offerOf(benSocket!, visitor)).conversation.id;
    const lastSeq = benSocket!.lastSeq();
    await benSocket!.close();
    expect((await act(h, anna, id, 'take')).statusCode).toBe(200);

    const back = await TestSocket.connect(h.url, ben.token, lastSeq);
    sockets.push(back);
    // Nothing of the offer was in his stream, so nothing is replayed: his client reloads the list on `ready`.
    expect(back.durable()).toEqual([]);
    expect((await recents(h, ben)).map((c) => c.id)).not.toContain(id);
  });
});
