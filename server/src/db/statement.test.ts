import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import { Statement } from './statement.js';

describe.each(dialects)('statements written as text on %s', (dialect) => {
  let storage: TestStorage;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it("numbers each value in the dialect's own placeholders, in the order written", () => {
    const { sql, parameters } = new Statement(storage.db)
      .text('select ')
      .value('a')
      .text(' where x in (')
      .list([1, 2])
      .text(') or y in ')
      .rows([[3, 4]])
      .compile();
    expect(sql).toBe(dialect === 'postgres' ? 'select $1 where x in ($2, $3) or y in ($4, $5)' : 'select ? where x in (?, ?) or y in (?, ?)');
    expect(parameters).toEqual(['a', 1, 2, 3, 4]);
  });

  it('asks `in` with a text that is the same for any number of values on PostgreSQL, and answers alike', async () => {
    const ids = await insertUsers(storage.db, ['agent', 'admin', 'agent']);
    const names = (which: number[]) => new Statement(storage.db).text('select name from users where id ').isIn(which, 'integer').text(' order by id');
    const [one, two] = [names([ids[0]!]).compile(), names([ids[0]!, ids[2]!]).compile()];
    if (dialect === 'postgres') {
      expect(two.sql).toBe(one.sql);
      expect(two.parameters).toEqual([[ids[0], ids[2]]]);
    } else expect(two.sql).toBe('select name from users where id in (?, ?) order by id');
    expect((await names([ids[2]!, ids[0]!]).execute<{ name: string }>()).rows.map((r) => r.name)).toEqual(['User 0', 'User 2']);
    const byName = await new Statement(storage.db).text('select id from users where name ').isIn(['User 1', "O'Brien, {x}"], 'text').execute<{ id: number }>();
    expect(byName.rows.map((r) => Number(r.id))).toEqual([ids[1]]);
  });

  it('writes rows and reads lists with the values as data, never as SQL', async () => {
    const [ann, ben] = await insertUsers(storage.db, ['agent', 'agent']);
    const title = "It's (a) 'quoted', title; drop table users";
    const now = Date.now();
    await new Statement(storage.db)
      .text('insert into conversations (kind, title, created_at, last_activity_at) values ')
      .rows([
        ['group', title, now, now],
        ['group', 'second', now, now],
      ])
      .execute();
    const { rows } = await new Statement(storage.db)
      .text('select title from conversations where title in (')
      .list([title, 'second', 'none'])
      .text(') order by title')
      .execute<{ title: string }>();
    expect(rows.map((r) => r.title)).toEqual(["It's (a) 'quoted', title; drop table users", 'second'].sort());
    const users = await new Statement(storage.db).text('select id from users where id in (').list([ann!, ben!]).text(') order by id').execute<{ id: number }>();
    expect(users.rows.map((r) => Number(r.id))).toEqual([ann, ben]);
  });

  it('reads rows as a table in a text that is the same for any number of rows, the values as data', async () => {
    const tableOf = (rows: (number | string)[][]) =>
      new Statement(storage.db)
        .text('with t(n, name) as (')
        .table(
          [
            ['n', 'integer'],
            ['name', 'text'],
          ],
          rows,
        )
        .text(') select n, name from t order by n');
    const tricky = ["O'Brien'); drop table users; --", 'Zoë \\ 🎧 "quoted"', '', '[1, {"a": 2}]'];
    const rows = tricky.map((name, n) => [n, name]);
    expect(tableOf(rows).compile().sql).toBe(tableOf(rows.slice(0, 1)).compile().sql);
    const { rows: read } = await tableOf(rows).execute<{ n: number; name: string }>();
    expect(read.map((r) => [Number(r.n), r.name])).toEqual(rows);
  });
});
