import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { atEnd } from './at-end.js';
import type { Db } from './database.js';
import { transactionsFor } from './shared-transactions.js';
import { transaction } from './transaction.js';

const rename = (db: Db, id: number, name: string) => sql`update users set name = ${name} where id = ${id}`.execute(db);
const nameOf = async (db: Db, id: number) => (await db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;

describe.each(dialects)('writes put off to the end of a transaction on %s', (dialect) => {
  let storage: TestStorage;
  let id: number;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    id = (await insertUsers(storage.db, ['agent']))[0]!;
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it('are made after the work, in order, and committed with it', async () => {
    const seenDuringWork = await transaction(storage.db, async (trx) => {
      await atEnd(trx, () => rename(trx, id, 'first'));
      await atEnd(trx, () => rename(trx, id, 'second'));
      return nameOf(trx, id);
    });
    expect(seenDuringWork).not.toMatch(/first|second/);
    expect(await nameOf(storage.db, id)).toBe('second');
  });

  it('are made at once outside such a transaction', async () => {
    await atEnd(storage.db, () => rename(storage.db, id, 'now'));
    expect(await nameOf(storage.db, id)).toBe('now');
  });

  it('go with a shared unit that fails, and only with it', async () => {
    const transactions = transactionsFor(storage.db);
    const failing = transactions.run(async (trx) => {
      await atEnd(trx, () => rename(trx, id, 'from the failed unit'));
      throw new Error('refused');
    });
    const passing = transactions.run((trx) => atEnd(trx, () => sql`update users set event_seq = event_seq + 1 where id = ${id}`.execute(trx)));
    await expect(failing).rejects.toThrow('refused');
    await passing;
    const row = await storage.db.selectFrom('users').select(['name', 'event_seq']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name).not.toBe('from the failed unit');
    expect(Number(row.event_seq)).toBe(1);
  });

  // PostgreSQL locks rows; SQLite writes one transaction at a time.
  it.skipIf(dialect !== 'postgres')('leaves the row unlocked while the rest of the work runs: others write it meanwhile', async () => {
    await transaction(storage.db, async (trx) => {
      await atEnd(trx, () => rename(trx, id, 'last'));
      // Written at once, the row would stay locked until this transaction ends, and this would wait for it.
      await storage.db.transaction().execute(async (other) => {
        await sql`set local lock_timeout = '2s'`.execute(other);
        await rename(other, id, 'meanwhile');
      });
    });
    expect(await nameOf(storage.db, id)).toBe('last');
  });
});
