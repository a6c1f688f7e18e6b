import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { appendEvent } from '../events/storage.js';
import { atEndStatement } from './at-end.js';
import type { Db } from './database.js';
import { transactionsFor } from './shared-transactions.js';
import { transaction } from './transaction.js';

const rename = (db: Db, id: number, name: string) => sql`update users set name = ${name} where id = ${id}`.execute(db);
/** The rename as a statement written as text (names here are plain words). */
const renameStatement = (id: number, name: string) => `update users set name = '${name}' where id = ${id}`;
const nameOf = async (db: Db, id: number) => (await db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;

describe.each(dialects)('writes put off to the end of a transaction on %s', (dialect) => {
  let storage: TestStorage;
  let id: number;
  let other: number;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    [id, other] = (await insertUsers(storage.db, ['agent', 'agent'])) as [number, number];
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it('are made after the work, in order, and committed with it', async () => {
    const seenDuringWork = await transaction(storage.db, async (trx) => {
      await atEndStatement(trx, renameStatement(id, 'first'));
      await atEndStatement(trx, renameStatement(id, 'second'));
      return nameOf(trx, id);
    });
    expect(seenDuringWork).not.toMatch(/first|second/);
    expect(await nameOf(storage.db, id)).toBe('second');
  });

  it('are made at once outside such a transaction', async () => {
    await atEndStatement(storage.db, renameStatement(id, 'now'));
    expect(await nameOf(storage.db, id)).toBe('now');
  });

  it('go with a shared unit that fails, and only with it', async () => {
    const transactions = transactionsFor(storage.db);
    const failing = transactions.run(async (trx) => {
      await atEndStatement(trx, renameStatement(id, 'from the failed unit'));
      throw new Error('refused');
    });
    const passing = transactions.run((trx) => atEndStatement(trx, `update users set event_seq = event_seq + 1 where id = ${id}`));
    await expect(failing).rejects.toThrow('refused');
    await passing;
    const row = await storage.db.selectFrom('users').select(['name', 'event_seq']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name).not.toBe('from the failed unit');
    expect(Number(row.event_seq)).toBe(1);
  });

  // PostgreSQL locks rows; SQLite writes one transaction at a time.
  it.skipIf(dialect !== 'postgres')('leaves the row unlocked while the rest of the work runs: others write it meanwhile', async () => {
    await transaction(storage.db, async (trx) => {
      await atEndStatement(trx, renameStatement(id, 'last'));
      // Written at once, the row would stay locked until this transaction ends, and this would wait for it.
      await storage.db.transaction().execute(async (other) => {
        await sql`set local lock_timeout = '2s'`.execute(other);
        await rename(other, id, 'meanwhile');
      });
    });
    expect(await nameOf(storage.db, id)).toBe('last');
  });

  it('are made with the events, in order', async () => {
    const envelopes = await transaction(storage.db, async (trx) => {
      await atEndStatement(trx, renameStatement(id, 'first'));
      await atEndStatement(trx, renameStatement(id, 'second'));
      await atEndStatement(trx, renameStatement(id, 'third'));
      return appendEvent(trx, [id, other], { type: 'presence', userId: id, status: 'away' } as never, 1);
    });
    expect(await nameOf(storage.db, id)).toBe('third');
    expect(envelopes.map((e) => (e.event as { seq?: number }).seq)).toEqual([1, 1]);
    expect(await storage.db.selectFrom('events').select('user_id').execute()).toHaveLength(2);
  });

  it('are made in a transaction without events too', async () => {
    await transaction(storage.db, async (trx) => {
      await atEndStatement(trx, renameStatement(id, 'alone'));
    });
    expect(await nameOf(storage.db, id)).toBe('alone');
  });

  it.skipIf(dialect !== 'postgres')('go in one message with the events and the COMMIT: nothing else runs between', async () => {
    const statements: string[] = [];
    await transaction(storage.db, async (trx) => {
      await atEndStatement(trx, renameStatement(id, 'taken'));
      const original = trx.getExecutor().executeQuery.bind(trx.getExecutor());
      trx.getExecutor().executeQuery = ((query: { sql: string }, ...rest: unknown[]) => {
        statements.push(query.sql);
        return (original as (...args: unknown[]) => unknown)(query, ...rest);
      }) as never;
      await appendEvent(trx, [id, other], { type: 'presence', userId: id, status: 'away' } as never, 1);
    });
    expect(await nameOf(storage.db, id)).toBe('taken');
    const last = statements.at(-1) ?? '';
    expect(last.startsWith(`update users set name = 'taken'`)).toBe(true);
    expect(last).toMatch(/insert into events/);
    expect(last.endsWith('commit')).toBe(true);
  });
});
