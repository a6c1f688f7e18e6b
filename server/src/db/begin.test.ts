import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { transaction } from './transaction.js';

describe.each(dialects.filter((d) => d === 'postgres'))('a transaction begun on %s', (dialect) => {
  let storage: TestStorage;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await storage.close();
    await storage.drop();
  });

  it('writes its first statement without waiting for the answer to BEGIN (one round trip less)', async () => {
    const [id] = await insertUsers(storage.db, ['agent']);
    const sent: string[] = [];
    let beginAnswered = false;
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: Parameters<typeof query>) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      sent.push(`${text.split(' ')[0]}${beginAnswered ? '' : ' (BEGIN unanswered)'}`);
      const result = (query as (...a: unknown[]) => unknown).apply(this, args);
      if (text === 'begin') void (result as Promise<unknown>).then(() => (beginAnswered = true));
      return result as ReturnType<typeof query>;
    });
    await transaction(storage.db, (trx) => sql`update users set status = 'dnd' where id = ${id}`.execute(trx));
    expect(sent.slice(0, 2)).toEqual(['begin (BEGIN unanswered)', 'update (BEGIN unanswered)']);
  });

  it('is still one: a failure undoes what its first statement wrote', async () => {
    const [id] = await insertUsers(storage.db, ['agent']);
    await expect(
      transaction(storage.db, async (trx) => {
        await sql`update users set status = 'dnd' where id = ${id}`.execute(trx);
        await sql`select 1/0`.execute(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    const row = await storage.db.selectFrom('users').select('status').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(row.status).toBe('available');
  });
});
