import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStorage, dialects, insertUsers, type TestStorage } from '../testing/databases.js';
import type { Db } from './database.js';
import { prepared } from './prepared.js';

const usersNamed = prepared((db: Db, ids: number[], role: 'admin' | 'manager' | 'agent') =>
  db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).where('role', '=', role).orderBy('id'),
);

const renameUser = prepared((db: Db, id: number, changes: { name?: string; extension?: string }) => db.updateTable('users').set(changes).where('id', '=', id));

describe.each(dialects)('prepared queries on %s', (dialect) => {
  let storage: TestStorage;
  let ids: number[];
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    ids = await insertUsers(storage.db, ['agent', 'admin', 'agent', 'agent']);
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it('answers each call with its own values, lists of any length included', async () => {
    const names = async (which: number[], role: 'admin' | 'agent') => (await usersNamed(storage.db, which, role)).map((r) => r.name);
    expect(await names([ids[0]!], 'agent')).toEqual(['User 0']);
    expect(await names([ids[1]!], 'agent')).toEqual([]);
    expect(await names([ids[1]!], 'admin')).toEqual(['User 1']);
    expect(await names(ids, 'agent')).toEqual(['User 0', 'User 2', 'User 3']);
    expect(await names([ids[3]!, ids[2]!], 'agent')).toEqual(['User 2', 'User 3']);
  });

  it('sets exactly the columns a record names, leaving out those set to undefined', async () => {
    await renameUser(storage.db, ids[0]!, { name: 'Renamed' });
    await renameUser(storage.db, ids[1]!, { name: 'Both', extension: '999' });
    await renameUser(storage.db, ids[2]!, { name: undefined, extension: '555' });
    const rows = await storage.db.selectFrom('users').select(['name', 'extension']).orderBy('id').execute();
    expect(rows).toEqual([
      { name: 'Renamed', extension: '100' },
      { name: 'Both', extension: '999' },
      { name: 'User 2', extension: '555' },
      { name: 'User 3', extension: '103' },
    ]);
  });

  it('runs inside a transaction on its connection, and is rolled back with it', async () => {
    await expect(
      storage.db.transaction().execute(async (trx) => {
        await renameUser(trx, ids[0]!, { name: 'Never' });
        expect((await usersNamed(trx, [ids[0]!], 'agent'))[0]?.name).toBe('Never');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await usersNamed(storage.db, [ids[0]!], 'agent'))[0]?.name).toBe('User 0');
  });
});
