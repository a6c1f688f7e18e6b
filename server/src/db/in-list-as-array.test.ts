import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';

describe.runIf(dialects.includes('postgres'))('lists on PostgreSQL', () => {
  let storage: TestStorage;
  let ids: number[];
  beforeAll(async () => {
    storage = await createTestStorage('postgres');
    ids = await insertUsers(storage.db, ['agent', 'admin', 'agent', 'agent']);
    await storage.db.updateTable('users').set({ name: 'Müller, "Ann" {x}' }).where('id', '=', ids[2]!).execute();
  });
  afterAll(async () => {
    await storage.close();
    await storage.drop();
  });

  const byIds = (which: number[]) => storage.db.selectFrom('users').select('name').where('id', 'in', which).orderBy('id');

  it('sends `in` as one array, so the text is the same for lists of any length', () => {
    const one = byIds([ids[0]!]).compile();
    const three = byIds(ids.slice(0, 3)).compile();
    expect(three.sql).toBe(one.sql);
    expect(three.sql).toContain('"id" = any($1)');
    expect(three.parameters).toEqual([ids.slice(0, 3)]);
  });

  it('answers as the list would: `in` and `not in`, numbers and text with commas, quotes and braces', async () => {
    expect((await byIds([ids[3]!, ids[0]!]).execute()).map((r) => r.name)).toEqual(['User 0', 'User 3']);
    const notIn = storage.db.selectFrom('users').select('id').where('id', 'not in', [ids[0]!, ids[1]!]).orderBy('id');
    expect(notIn.compile().sql).toContain('"id" <> all($1)');
    expect((await notIn.execute()).map((r) => r.id)).toEqual([ids[2], ids[3]]);
    const named = await storage.db.selectFrom('users').select('id').where('name', 'in', ['Müller, "Ann" {x}', 'User 3', 'nobody']).orderBy('id').execute();
    expect(named.map((r) => r.id)).toEqual([ids[2], ids[3]]);
  });

  it('leaves lists of expressions and subqueries as they are', () => {
    const subquery = storage.db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', storage.db.selectFrom('users').select('id').where('role', '=', 'agent'))
      .compile();
    expect(subquery.sql).toContain('"id" in (select');
  });
});
