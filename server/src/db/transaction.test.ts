import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import type { Db } from './database.js';
import { appendEvent } from '../events/storage.js';
import { transaction } from './transaction.js';

const bump = (trx: Db, id: number) => sql`update users set event_seq = event_seq + 1 where id = ${id}`.execute(trx);

/** Resolves once `count` callers arrived. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

describe.each(dialects.filter((d) => d === 'postgres'))('transactions that deadlock on %s', (dialect) => {
  let storage: TestStorage;
  let ids: number[];
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    ids = await insertUsers(storage.db, ['agent', 'agent']);
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it('both complete: the one PostgreSQL aborts runs again', async () => {
    const bothLocked = barrier(2);
    const crossed = (first: number, second: number) => {
      let runs = 0;
      return transaction(storage.db, async (trx) => {
        runs++;
        await bump(trx, first);
        // Only the first attempt waits for the other: the two then reach for each other's row.
        if (runs === 1) await bothLocked();
        await bump(trx, second);
        return runs;
      });
    };
    const runs = await Promise.all([crossed(ids[0]!, ids[1]!), crossed(ids[1]!, ids[0]!)]);
    expect(runs.sort()).toEqual([1, 2]);
    const seqs = await storage.db.selectFrom('users').select('event_seq').where('id', 'in', ids).execute();
    expect(seqs.map((r) => Number(r.event_seq))).toEqual([2, 2]);
  });

  it('gives up on other errors at once', async () => {
    let runs = 0;
    await expect(
      transaction(storage.db, async (trx) => {
        runs++;
        await sql`select 1/0`.execute(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(runs).toBe(1);
  });

  it('appends events to the same colleagues in opposite orders without waiting on each other', async () => {
    const bothAppended = barrier(2);
    const crossed = (first: number, second: number) => {
      let runs = 0;
      return transaction(storage.db, async (trx) => {
        runs++;
        await appendEvent(trx, [first], { type: 'conversation.read', conversationId: 1, userId: first, lastReadMessageId: 1 }, 0);
        if (runs === 1) await bothAppended();
        await appendEvent(trx, [second], { type: 'conversation.read', conversationId: 1, userId: second, lastReadMessageId: 2 }, 0);
        return runs;
      });
    };
    // Each counter is locked only at the end, both at once in id order: neither holds one while it waits.
    expect(await Promise.all([crossed(ids[0]!, ids[1]!), crossed(ids[1]!, ids[0]!)])).toEqual([1, 1]);
    const rows = await storage.db.selectFrom('events').select(['user_id', 'seq']).orderBy('user_id').orderBy('seq').execute();
    expect(rows.map((r) => [r.user_id, Number(r.seq)])).toEqual([
      [ids[0], 1],
      [ids[0], 2],
      [ids[1], 1],
      [ids[1], 2],
    ]);
  });
});
