import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage } from '../testing/databases.js';

const PAGE_SIZED = 'x'.repeat(3500);

/** Frames in the SQLite log now (a passive checkpoint answers it without waiting for anyone). */
async function framesInLog(storage: TestStorage): Promise<number> {
  const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(storage.db);
  return Number(rows[0]!.log);
}

describe('the SQLite log under steady writing', () => {
  let storage: TestStorage;
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it('starts over instead of growing with every commit', async () => {
    storage = await createTestStorage('sqlite');
    // Each commit adds at least a frame; without a pause, passive checkpoints never catch up with the last one.
    let commits = 0;
    const until = Date.now() + 3500;
    while (Date.now() < until) {
      await storage.db.insertInto('event_payloads').values({ payload: PAGE_SIZED, created_at: commits }).execute();
      commits++;
    }
    const frames = await framesInLog(storage);
    expect(commits).toBeGreaterThan(8192);
    // Past 4,096 frames the checkpointer restarts the log at its next round (every second).
    expect(frames).toBeLessThan(commits / 2);
  }, 20_000);
});
