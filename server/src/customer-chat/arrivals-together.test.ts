import type { Conversation } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConversationCore } from '../conversations/core.js';
import { CustomerIntake } from './intake.js';
import { TestVisitor, ringAllDesk, type RingAllDesk } from '../testing/customer-chat.js';
import { memberStorage } from '../conversations/members.js';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import type { TestSocket } from '../testing/ws-client.js';

/**
 * Customers who write at the same moment are taken in together (customer-chat/intake.ts): one transaction,
 * their chats opened, stored and offered with one statement per table. Each must come out exactly as if it
 * had come alone, and one that fails must fail alone.
 */
describe.each(dialects)('customers arriving together on %s', (dialect) => {
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
    vi.restoreAllMocks();
    await desk.close();
  });

  const offersTo = (socket: TestSocket, visitors: TestVisitor[]) =>
    Promise.all(
      visitors.map(
        (v) => socket.next((e) => e.type === 'conversation.created' && e.conversation.customer?.id === v.id) as Promise<{ conversation: Conversation }>,
      ),
    );
  const rowsOf = async (conversationId: number) => ({
    members: (await memberStorage.members(h.storage.db, conversationId)).map(({ user_id, role }) => ({ user_id, role })).sort((a, b) => a.user_id - b.user_id),
    sessions: await h.storage.db.selectFrom('chat_sessions').select(['closed_at', 'taken_by']).where('conversation_id', '=', conversationId).execute(),
    messages: (
      await h.storage.db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', conversationId)
        .where('author', '=', 'customer')
        .orderBy('id')
        .execute()
    ).map((m) => m.body),
  });

  it('queues and offers every chat of customers who write at once, as if each came alone, in one batch', async () => {
    const visitors = await Promise.all(['Ada', 'Bo', 'Cy', 'Di', 'Ed'].map((name) => TestVisitor.start(h, widget.key, name)));
    const batches: number[] = [];
    const openExternals = ConversationCore.prototype.openExternals;
    vi.spyOn(ConversationCore.prototype, 'openExternals').mockImplementation(async function (this: ConversationCore, trx, customers, now) {
      batches.push(customers.length);
      // The first batch is held a moment, as a busy database would: what arrives meanwhile must share the next one.
      if (batches.length === 1) await new Promise((resolve) => setTimeout(resolve, 200));
      return openExternals.call(this, trx, customers, now);
    });
    const [annaSocket, benSocket] = sockets;
    // Each customer's own stream: their message, then their chat's state, seq after seq, nobody else's.
    const streams = await Promise.all(visitors.map((v) => v.socket()));
    sockets.push(...streams);
    const told = streams.map(async (stream) => ({
      message: (await stream.next((e) => e.type === 'message.created')) as { seq: number; message: { body: string } },
      state: (await stream.next((e) => e.type === 'chat.state')) as { seq: number; state: string },
    }));
    const offered = Promise.all([offersTo(annaSocket!, visitors), offersTo(benSocket!, visitors)]);
    const answers = await Promise.all(visitors.map((v, i) => v.send(`Hello from visitor ${i}`)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    // Written together: fewer transactions than customers (each alone would be five batches of one).
    expect(batches.reduce((a, b) => a + b, 0)).toBe(5);
    expect(batches.length).toBeLessThan(5);

    const [toAnna, toBen] = await offered;
    for (const [i, visitor] of visitors.entries()) {
      const offer = toAnna[i]!.conversation;
      expect(offer).toMatchObject({
        state: 'queued',
        myRole: 'offered',
        title: ['Ada', 'Bo', 'Cy', 'Di', 'Ed'][i],
        lastMessage: { body: `Hello from visitor ${i}` },
      });
      expect(toBen[i]!.conversation.id).toBe(offer.id);
      expect(await rowsOf(offer.id)).toEqual({
        members: [
          { user_id: anna.id, role: 'offered' },
          { user_id: ben.id, role: 'offered' },
        ],
        sessions: [{ closed_at: null, taken_by: null }],
        messages: [`Hello from visitor ${i}`],
      });
      expect((await visitor.chat()).state).toBe('queued');
      const { message, state } = await told[i]!;
      expect(message.message.body).toBe(`Hello from visitor ${i}`);
      expect(state).toMatchObject({ state: 'queued', seq: message.seq + 1 });
    }
  });

  // On SQLite a batch holds the event loop to its end (so at most 100); on PostgreSQL it waits on round trips
  // whatever its size, so more arrivals share one.
  it(`takes in ${dialect === 'sqlite' ? 'at most 100' : 'up to 300'} customers who wrote while a batch ran in one batch`, async () => {
    const visitors = await Promise.all(Array.from({ length: 151 }, (_, i) => TestVisitor.start(h, widget.key, `V${i}`, `10.0.${i >> 8}.${i & 255}`)));
    const batches: number[] = [];
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    // Held before its transaction, as a busy server would: the others' requests still reach the intake meanwhile.
    const intake = CustomerIntake.prototype as unknown as { receiveAll: (arrivals: unknown[]) => Promise<unknown[]> };
    const receiveAll = intake.receiveAll;
    vi.spyOn(intake, 'receiveAll').mockImplementation(async function (this: unknown, arrivals) {
      batches.push(arrivals.length);
      if (batches.length === 1) await firstHeld;
      return receiveAll.call(this, arrivals);
    });
    let received = 0;
    const receive = CustomerIntake.prototype.receive;
    vi.spyOn(CustomerIntake.prototype, 'receive').mockImplementation(function (this: CustomerIntake, ...args) {
      received++;
      return receive.apply(this, args);
    });
    const first = visitors[0]!.send('First');
    await expect.poll(() => batches.length).toBe(1);
    const rest = visitors.slice(1).map((v, i) => v.send(`Hello ${i}`));
    // Every one of the 150 has reached the intake before the first batch ends.
    await expect.poll(() => received).toBe(151);
    releaseFirst();
    const answers = await Promise.all([first, ...rest]);
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(batches).toEqual(dialect === 'sqlite' ? [1, 100, 50] : [1, 150]);
    const stored = await h.storage.db
      .selectFrom('messages')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('author', '=', 'customer')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(151);
  });

  it('gives a customer who writes twice at once one chat, both messages and one session', async () => {
    const visitor = await TestVisitor.start(h, widget.key, 'Ada');
    const other = await TestVisitor.start(h, widget.key, 'Bo');
    const answers = await Promise.all([visitor.send('first'), visitor.send('second'), other.send('hi')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const [first, second] = answers.map((a) => a.json() as { conversationId: number });
    expect(second!.conversationId).toBe(first!.conversationId);
    const rows = await rowsOf(first!.conversationId);
    // Two requests at once have no order between them; each is stored once.
    expect([...rows.messages].sort()).toEqual(['first', 'second']);
    expect(rows.sessions).toHaveLength(1);
    const chats = await h.storage.db.selectFrom('conversations').select('id').where('customer_id', '=', visitor.id).execute();
    expect(chats).toHaveLength(1);
  });

  it('fails only the message that is wrong when others arrive with it, and stores the rest', async () => {
    const visitors = await Promise.all(['Ada', 'Bo', 'Cy'].map((name) => TestVisitor.start(h, widget.key, name)));
    const sendBad = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/visitor/messages',
        headers: { authorization: `Visitor ${visitors[1]!.token}` },
        payload: { clientId: 'bad-one', body: 'with a file twice', fileIds: [424242, 424242] },
        remoteAddress: visitors[1]!.ip,
      });
    const answers = await Promise.all([visitors[0]!.send('one'), sendBad(), visitors[2]!.send('three')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 400, 200]);
    expect(answers[1]!.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const stored = await h.storage.db.selectFrom('messages').select('body').where('author', '=', 'customer').orderBy('id').execute();
    expect(stored.map((m) => m.body).sort()).toEqual(['one', 'three']);
    // Nothing half-written for the refused one: no chat, no session.
    expect(await h.storage.db.selectFrom('conversations').select('id').where('customer_id', '=', visitors[1]!.id).execute()).toEqual([]);
  });
});
