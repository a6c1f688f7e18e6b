import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, type TestStorage } from '../testing/databases.js';
import { CommittingClient } from './commit-with-last-statement.js';
import os from 'node:os';
import { loadConfig } from '../config.js';
import { openStorage } from './database.js';
import { transaction } from './transaction.js';

describe.each(dialects.filter((d) => d === 'postgres'))('statements prepared once per connection on %s', () => {
  let storage: TestStorage;
  const closers: (() => Promise<void>)[] = [];
  /** A query builder on one connection, so that what it prepared is there to look at. */
  const oneConnection = () => {
    const pool = new pg.Pool({ connectionString: storage.location.databaseUrl, max: 1, Client: CommittingClient });
    const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
    closers.push(() => db.destroy());
    return db;
  };
  const prepared = async (db: Kysely<never>) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

  beforeEach(async () => {
    storage = await createTestStorage('postgres');
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await storage.close();
    await storage.drop();
  });

  it('prepares a statement on its second use and runs it by name after that, with the right answers', async () => {
    const db = oneConnection();
    const pick = (x: number) => sql<{ x: number }>`select ${x}::int + 1 as x`.execute(db);
    expect((await pick(1)).rows).toEqual([{ x: 2 }]);
    expect(await prepared(db as never)).toEqual([]);
    expect((await pick(2)).rows).toEqual([{ x: 3 }]);
    expect((await pick(3)).rows).toEqual([{ x: 4 }]);
    expect(await prepared(db as never)).toEqual(['select $1::int + 1 as x']);
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=0', async () => {
    const url = storage.location.databaseUrl!;
    const config = loadConfig({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: '0' });
    const opened = await openStorage({ ...config, dataDir: os.tmpdir() });
    closers.push(() => opened.close());
    // The server's own pool, opened from its settings as main.ts opens it; queries one after another use one connection.
    const db = opened.db;
    for (const x of [1, 2, 3]) await sql`select ${x}::int as x`.execute(db);
    expect(await prepared(db as never)).toEqual([]);
  });

  it('runs a statement again when a migration on another node changed its table under it', async () => {
    const db = oneConnection();
    await sql`create table t (x int)`.execute(db);
    await sql`insert into t values (1)`.execute(db);
    const rows = async () => (await sql<Record<string, unknown>>`select * from t where x = ${1}`.execute(db)).rows;
    await rows();
    expect(await rows()).toEqual([{ x: 1 }]);
    const otherNode = new pg.Client({ connectionString: storage.location.databaseUrl });
    await otherNode.connect();
    closers.push(() => otherNode.end());
    await otherNode.query('alter table t add column y int default 5');
    // Alone: PostgreSQL refuses the prepared statement, and it is run again unnamed.
    expect(await rows()).toEqual([{ x: 1, y: 5 }]);
    expect(await rows()).toEqual([{ x: 1, y: 5 }]);
    await rows();
    await otherNode.query('alter table t add column z int default 6');
    // In a transaction: the transaction is aborted, and run again from its start.
    let attempts = 0;
    const inTransaction = await transaction(db as never, async (trx) => {
      attempts++;
      return (await sql<Record<string, unknown>>`select * from t where x = ${1}`.execute(trx)).rows;
    });
    expect(inTransaction).toEqual([{ x: 1, y: 5, z: 6 }]);
    expect(attempts).toBe(2);
  });
});
