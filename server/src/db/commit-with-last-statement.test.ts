import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { appendEvent } from '../events/storage.js';
import { CommittingClient, textLiteral, withCommit } from './commit-with-last-statement.js';
import { transaction } from './transaction.js';

describe.each(dialects.filter((d) => d === 'postgres'))('a last statement sent with its COMMIT on %s', (dialect) => {
  let storage: TestStorage;
  const clients: pg.Client[] = [];
  const connect = async (Client: typeof pg.Client = CommittingClient) => {
    const client = new Client({ connectionString: storage.location.databaseUrl });
    await client.connect();
    clients.push(client);
    return client;
  };
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end();
    await storage.close();
    await storage.drop();
  });

  it("answers the statement's rows, commits it, and sends no second COMMIT for PostgreSQL to warn about", async () => {
    const client = await connect();
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    await client.query('create table t (x int)');
    await client.query('begin');
    const result = await client.query(withCommit('insert into t values (7) returning x'));
    expect(result.rows).toEqual([{ x: 7 }]);
    // The query builder's own COMMIT: answered without a round trip.
    expect((await client.query('commit')).command).toBe('COMMIT');
    // Committed: another connection sees the row.
    const other = await connect(pg.Client);
    expect((await other.query('select x from t')).rows).toEqual([{ x: 7 }]);
    // And a COMMIT later on, with no such statement before it, is sent as usual.
    await client.query('begin');
    await client.query('insert into t values (8)');
    await client.query('commit');
    expect((await other.query('select count(*)::int as n from t')).rows[0].n).toBe(2);
    expect(notices).toEqual([]);
  });

  it('writes any text back unchanged as a literal, whatever standard_conforming_strings says', async () => {
    const client = await connect();
    const text = `{"body":"it's a \\\\ back\\"slash \\u0000 ünïcødé 😀 '' \\\\'"}`;
    for (const setting of ['on', 'off']) {
      await client.query(`set standard_conforming_strings = ${setting}`);
      expect((await client.query(`select ${textLiteral(text)} as v`)).rows[0].v).toBe(text);
    }
  });

  it("writes a transaction's events and commits them with its last statement", async () => {
    const [a, b] = await insertUsers(storage.db, ['agent', 'agent']);
    const envelopes = await transaction(storage.db, (trx) => appendEvent(trx, [a!, b!], { type: 'presence', userId: a!, status: 'away' } as never, 1));
    expect(envelopes.map((e) => (e.event as { seq?: number }).seq)).toEqual([1, 1]);
    const stored = await storage.db.selectFrom('events').select(['user_id', 'seq']).orderBy('user_id').execute();
    expect(stored).toEqual([
      { user_id: a, seq: 1 },
      { user_id: b, seq: 1 },
    ]);
  });
});
