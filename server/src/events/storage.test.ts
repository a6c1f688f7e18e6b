import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { TestSocket } from '../testing/ws-client.js';
import { transaction } from '../db/transaction.js';
import { appendCustomerEvent, appendEvent, currentSeq, eventsAfter, pruneEvents } from './storage.js';
import { customerRecipient, userRecipient } from './recipient.js';
import { wireOf } from './wire.js';

describe.each(dialects)('stored events on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
    await h.listen();
  });
  afterEach(() => h.close());

  const offer = (title: string) => ({ type: 'conversation.read', conversationId: 7, userId: 1, lastReadMessageId: title.length }) as const;

  it('stores an event handed to many colleagues once, and each of them resumes it in full', async () => {
    const users = await Promise.all(['Ann', 'Ben', 'Cem', 'Dana'].map((name) => h.user(name)));
    const ids = users.map((u) => u.id);
    const before = await Promise.all(ids.map((id) => eventsAfter(h.storage.db, userRecipient(id), 0, 1000)));
    const event = offer('a long conversation view');
    const envelopes = await h.storage.db.transaction().execute((trx) => appendEvent(trx, ids, event, Date.now()));

    const shared = await h.storage.db.selectFrom('event_payloads').select('payload').execute();
    expect(shared.map((r) => JSON.parse(r.payload))).toEqual([event]);
    for (const [i, id] of ids.entries()) {
      const resumed = await eventsAfter(h.storage.db, userRecipient(id), before[i]!.at(-1)?.seq ?? 0, 10);
      expect(resumed).toHaveLength(1);
      expect(resumed[0]).toEqual({ ...event, seq: (envelopes[i]!.event as { seq: number }).seq });
    }
    // A reconnecting colleague gets the same event again, read back from the shared row.
    const socket = await TestSocket.connect(h.url, users[2]!.token, before[2]!.at(-1)?.seq ?? 0);
    const again = await socket.next((e) => e.type === 'conversation.read');
    expect(again).toMatchObject(event);
    socket.close();
  });

  it('writes the events of one transaction in order, each text exactly, and none for a user who is gone', async () => {
    const [ann, ben] = await Promise.all([h.user('Ann'), h.user('Ben')]);
    const annBefore = await currentSeq(h.storage.db, userRecipient(ann.id));
    const benBefore = await currentSeq(h.storage.db, userRecipient(ben.id));
    const seqOf = (envelope: { event: unknown }) => (envelope.event as { seq: number }).seq;
    const removed = { type: 'conversation.removed', conversationId: 7, reason: 'deleted', byName: 'Zoë "the \\ quote" {, } 😀' } as const;
    const gone = 2_000_000;
    const [both, annOnly, ghost] = await transaction(h.storage.db, async (trx) => [
      await appendEvent(trx, [ben.id, ann.id], offer('first'), Date.now()),
      await appendEvent(trx, [ann.id], removed, Date.now()),
      await appendEvent(trx, [gone, ann.id], offer('third one'), Date.now()),
    ]);
    expect(both!.map(seqOf)).toEqual([annBefore + 1, benBefore + 1]);
    expect(seqOf(annOnly![0]!)).toBe(annBefore + 2);
    expect(ghost!.map(seqOf)).toEqual([annBefore + 3, 0]);
    expect(await eventsAfter(h.storage.db, userRecipient(ann.id), annBefore, 10)).toEqual([
      { ...offer('first'), seq: annBefore + 1 },
      { ...removed, seq: annBefore + 2 },
      { ...offer('third one'), seq: annBefore + 3 },
    ]);
    expect(await eventsAfter(h.storage.db, userRecipient(ben.id), benBefore, 10)).toEqual([{ ...offer('first'), seq: benBefore + 1 }]);
    expect(await h.storage.db.selectFrom('events').select('seq').where('user_id', '=', gone).execute()).toEqual([]);
  });

  it("writes a customer's events at the end of the transaction, in order, and none of a transaction that failed", async () => {
    const { id } = await h.storage.db
      .insertInto('customers')
      .values({ channel: 'livechat', name: 'Visitor', email: '', phone: '', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const customer = customerRecipient(id);
    const state = (state: 'queued' | 'owned') => ({ type: 'chat.state', state, agentName: state === 'owned' ? 'Ann' : null }) as const;
    const seqOf = (envelope: { event: unknown }) => (envelope.event as { seq: number }).seq;
    const written = await transaction(h.storage.db, async (trx) => {
      const queued = await appendCustomerEvent(trx, id, state('queued'), Date.now());
      const owned = await appendCustomerEvent(trx, id, state('owned'), Date.now());
      // Not written before the transaction's end: nothing for a reader to see, no seq yet.
      expect([seqOf(queued), seqOf(owned), await currentSeq(trx, customer)]).toEqual([0, 0, 0]);
      return [queued, owned];
    });
    expect(written.map(seqOf)).toEqual([1, 2]);
    expect(written.map((envelope) => wireOf(envelope.event))).toEqual([
      JSON.stringify({ ...state('queued'), seq: 1 }),
      JSON.stringify({ ...state('owned'), seq: 2 }),
    ]);
    await expect(
      transaction(h.storage.db, async (trx) => {
        await appendCustomerEvent(trx, id, state('queued'), Date.now());
        throw new Error('the change was refused');
      }),
    ).rejects.toThrow('the change was refused');
    await expect(transaction(h.storage.db, (trx) => appendCustomerEvent(trx, 2_000_000, state('queued'), Date.now()))).rejects.toThrow('has no stream');
    expect(await eventsAfter(h.storage.db, customer, 0, 10)).toEqual([
      { ...state('queued'), seq: 1 },
      { ...state('owned'), seq: 2 },
    ]);
    expect(await currentSeq(h.storage.db, customer)).toBe(2);
  });

  it("writes several customers' events of one transaction each in their own order, with their text intact", async () => {
    const ids = [];
    for (const name of ['Ada', 'Bo', 'Cy']) {
      const row = await h.storage.db
        .insertInto('customers')
        .values({ channel: 'livechat', name, email: '', phone: '', created_at: Date.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const [ada, bo, cy] = ids as [number, number, number];
    await transaction(h.storage.db, (trx) => appendCustomerEvent(trx, bo, { type: 'chat.state', state: 'queued', agentName: null }, Date.now()));
    // An agent's name as typed: quotes, a backslash and an emoji must reach the widget as they were.
    const owned = (agentName: string) => ({ type: 'chat.state', state: 'owned', agentName }) as const;
    const names = { [ada]: ["O'Brien", 'Zoë \\ 🎧'], [bo]: ['"Bo"'], [cy]: ['Cy'] };
    const written = await transaction(h.storage.db, async (trx) => [
      await appendCustomerEvent(trx, cy, owned('Cy'), Date.now()),
      await appendCustomerEvent(trx, ada, owned("O'Brien"), Date.now()),
      await appendCustomerEvent(trx, bo, owned('"Bo"'), Date.now()),
      await appendCustomerEvent(trx, ada, owned('Zoë \\ 🎧'), Date.now()),
    ]);
    expect(written.map((envelope) => (envelope.event as { seq: number }).seq)).toEqual([1, 1, 2, 2]);
    for (const id of ids) {
      const resumed = await eventsAfter(h.storage.db, customerRecipient(id), id === bo ? 1 : 0, 10);
      expect(resumed.map((e) => (e as { agentName: string }).agentName)).toEqual(names[id]);
      expect(await currentSeq(h.storage.db, customerRecipient(id))).toBe(id === ada || id === bo ? 2 : 1);
    }
  });

  it('keeps an event for one colleague in their own row, and shares one for two', async () => {
    const [ann, ben] = await Promise.all([h.user('Ann'), h.user('Ben')]);
    await h.storage.db.transaction().execute((trx) => appendEvent(trx, [ann.id], offer('x'), Date.now()));
    expect(await h.storage.db.selectFrom('event_payloads').select('id').execute()).toEqual([]);
    await h.storage.db.transaction().execute((trx) => appendEvent(trx, [ann.id, ben.id], offer('xy'), Date.now()));
    expect((await h.storage.db.selectFrom('event_payloads').select('payload').execute()).map((r) => JSON.parse(r.payload))).toEqual([offer('xy')]);
    for (const user of [ann, ben]) {
      const [last] = (await eventsAfter(h.storage.db, userRecipient(user.id), 0, 1000)).slice(-1);
      expect(last).toMatchObject(offer('xy'));
    }
  });

  it('prunes shared payloads with the events that point at them', async () => {
    const users = await Promise.all(['Ann', 'Ben', 'Cem'].map((name) => h.user(name)));
    const longAgo = Date.now() - 30 * 86_400_000;
    await h.storage.db.transaction().execute((trx) =>
      appendEvent(
        trx,
        users.map((u) => u.id),
        offer('old one'),
        longAgo,
      ),
    );
    await h.storage.db.transaction().execute((trx) =>
      appendEvent(
        trx,
        users.map((u) => u.id),
        offer('new'),
        Date.now(),
      ),
    );
    await pruneEvents(h.storage.db, Date.now() - 86_400_000);
    const left = await h.storage.db.selectFrom('event_payloads').select('payload').execute();
    expect(left.map((r) => JSON.parse(r.payload).lastReadMessageId)).toEqual([3]);
    const page = await eventsAfter(h.storage.db, userRecipient(users[0]!.id), 0, 100);
    expect(page.filter((e) => e.type === 'conversation.read').map((e) => (e as { lastReadMessageId: number }).lastReadMessageId)).toEqual([3]);
  });

  it('sends each recipient the event text it would have serialised itself', async () => {
    const users = await Promise.all(['Ann', 'Ben', 'Cem'].map((name) => h.user(name)));
    const envelopes = await h.storage.db.transaction().execute((trx) =>
      appendEvent(
        trx,
        users.map((u) => u.id),
        offer('wire'),
        Date.now(),
      ),
    );
    for (const { event } of envelopes) expect(wireOf(event)).toBe(JSON.stringify(event));
  });
});
