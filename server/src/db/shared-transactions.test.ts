import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from './database.js';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { appendEvent } from '../events/storage.js';
import { transactionsFor } from './shared-transactions.js';
import type { Db } from './database.js';

const insert = (trx: Db, payload: string) => trx.insertInto('event_payloads').values({ payload, created_at: 0 }).execute();

describe.each(dialects)('changes submitted together on %s', (dialect) => {
  let storage: TestStorage;
  /** A second connection to the same database: it sees only what was committed. */
  let other: Storage;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    other = await openStorage(storage.location);
  });
  afterEach(async () => {
    await other.close();
    await storage.close();
    await storage.drop();
  });

  const committed = async () => (await other.db.selectFrom('event_payloads').select('payload').orderBy('id').execute()).map((r) => r.payload);

  it('each succeed or fail alone: a failed one leaves nothing, the others are kept', async () => {
    const transactions = transactionsFor(storage.db);
    const results = await Promise.allSettled([
      transactions.run(async (trx) => {
        await insert(trx, 'first');
        return 1;
      }),
      transactions.run(async (trx) => {
        await insert(trx, 'refused');
        throw new Error('refused halfway');
      }),
      transactions.run(async (trx) => {
        await insert(trx, 'third');
        return 3;
      }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([1, 'refused halfway', 3]);
    // PostgreSQL runs the three in parallel, each on its own connection: either kept one may get the lower id.
    expect((await committed()).sort()).toEqual(['first', 'third']);
  });

  it('answer a change only once it is committed', async () => {
    const transactions = transactionsFor(storage.db);
    const visibleWhenAnswered = await Promise.all(
      ['a', 'b', 'c'].map(async (payload) => {
        await transactions.run((trx) => insert(trx, payload));
        return (await committed()).includes(payload);
      }),
    );
    expect(visibleWhenAnswered).toEqual([true, true, true]);
    expect((await committed()).sort()).toEqual(['a', 'b', 'c']);
  });

  it('keep no event of a change that failed, and deliver those of the others', async () => {
    const [userId] = await insertUsers(storage.db, ['agent']);
    const user = { id: userId! };
    const read = (lastReadMessageId: number) => ({ type: 'conversation.read', conversationId: 1, userId: user.id, lastReadMessageId }) as const;
    const transactions = transactionsFor(storage.db);
    const [kept, failed, after] = await Promise.allSettled([
      transactions.run((trx) => appendEvent(trx, [user.id], read(1), 0)),
      transactions.run(async (trx) => {
        await appendEvent(trx, [user.id], read(2), 0);
        throw new Error('refused');
      }),
      transactions.run((trx) => appendEvent(trx, [user.id], read(3), 0)),
    ]);
    expect(failed.status).toBe('rejected');
    const seqOf = (r: typeof kept) => (r.status === 'fulfilled' ? (r.value[0]!.event as { seq: number }).seq : undefined);
    // PostgreSQL runs the three in parallel: either kept one may come first.
    expect([seqOf(kept), seqOf(after)].sort()).toEqual([1, 2]);
    const rows = await other.db.selectFrom('events').select(['seq', 'payload']).where('user_id', '=', user.id).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2]);
    expect(rows.map((r) => JSON.parse(r.payload).lastReadMessageId).sort()).toEqual([1, 3]);
  });
});
