import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../db/database.js';
import { createTestStorage, dialects, type TestStorage } from '../testing/databases.js';
import { accountStorage } from './accounts/storage.js';
import { inboxStorage } from './inbox/storage.js';
import { backoffMs } from './lease.js';

describe.each(dialects)('work leases on %s', (dialect) => {
  let storage: TestStorage;
  const others: Db[] = [];
  afterEach(async () => {
    for (const db of others.splice(0)) await db.destroy();
    await storage.close();
    await storage.drop();
  });

  async function storeWebhooks(db: Db, n: number): Promise<number> {
    const { id } = await accountStorage.insert(db, {
      type: 'whatsapp',
      name: 'WA',
      key: 'k',
      targetType: 'queue',
      targetId: 1,
      settings: '{}',
      secrets: '',
      now: 0,
    });
    for (let i = 0; i < n; i++) await inboxStorage.store(db, id, `m${i}`, '{}', 0);
    return id;
  }

  it('gives each stored webhook to exactly one of several workers claiming at once (one per node)', async () => {
    storage = await createTestStorage(dialect);
    await storeWebhooks(storage.db, 120);
    // Under PostgreSQL every worker has its own connection pool, as separate nodes would.
    const pools = dialect === 'postgres' ? [0, 1, 2].map(() => openPostgres(storage.location.databaseUrl!)) : [storage.db, storage.db, storage.db];
    if (dialect === 'postgres') others.push(...pools);
    const claimed = await Promise.all(
      pools.map(async (db, worker) => {
        const mine: number[] = [];
        for (;;) {
          const rows = await inboxStorage.claim(db, `node-${worker}`, 1000, 60_000, 7);
          if (rows.length === 0) return mine;
          mine.push(...rows.map((r) => r.id));
        }
      }),
    );
    const all = claimed.flat();
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
  });

  it('lets another worker take a webhook whose lease ran out (its worker died), and not before', async () => {
    storage = await createTestStorage(dialect);
    await storeWebhooks(storage.db, 1);
    expect(await inboxStorage.claim(storage.db, 'dead-node', 1000, 60_000, 10)).toHaveLength(1);
    expect(await inboxStorage.claim(storage.db, 'live-node', 30_000, 60_000, 10)).toHaveLength(0);
    const [row] = await inboxStorage.claim(storage.db, 'live-node', 61_001, 60_000, 10);
    expect(row).toMatchObject({ lease_owner: 'live-node', attempts: 2 });
    // The dead node's late answer does not overwrite the live one's claim.
    await inboxStorage.done(storage.db, row!.id, 'dead-node');
    expect((await storage.db.selectFrom('webhook_inbox').select('state').executeTakeFirstOrThrow()).state).toBe('pending');
  });
});

describe('backoff', () => {
  it('doubles from a second up to five minutes', () => {
    const fixed = () => 0.5;
    expect([1, 2, 3, 4, 20].map((n) => backoffMs(n, fixed))).toEqual([1000, 2000, 4000, 8000, 300_000]);
  });
});
