import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStorage, type TestStorage } from '../testing/databases.js';
import { openStorage, type Storage } from './database.js';

const PAGE_SIZED = 'x'.repeat(3500);
/**
 * The server's pace, quickened and shrunk: a round every 200 ms, a restart past 1,024 frames (262,144 in the
 * server), a truncation of a log file past 64 pages (1,024) in a round with fewer than 5 writes (20) since the last.
 */
const PACE = { intervalMs: 200, restartFromFrames: 1024, quietTruncateFromPages: 64, quietWritesPerRound: 5 };

/** Frames in the SQLite log now (a passive checkpoint answers it without waiting for anyone). */
async function framesInLog(storage: Storage): Promise<number> {
  const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(storage.db);
  return Number(rows[0]!.log);
}

describe('the SQLite log under steady writing', () => {
  let copy: TestStorage;
  let storage: Storage;
  afterEach(async () => {
    await storage.close();
    await copy.drop();
  });

  it('starts over instead of growing with every commit', async () => {
    copy = await createTestStorage('sqlite');
    await copy.close();
    storage = await openStorage({ ...copy.location, sqliteCheckpoints: PACE });
    // Each commit adds at least a frame; without a pause, passive checkpoints never catch up with the last one.
    let commits = 0;
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      await storage.db.insertInto('event_payloads').values({ payload: PAGE_SIZED, created_at: commits }).execute();
      commits++;
    }
    const frames = await framesInLog(storage);
    expect(commits).toBeGreaterThan(10 * PACE.restartFromFrames);
    // Without restarts the log holds every commit's frames (one at least); with them, the last round's.
    expect(frames).toBeLessThan(commits / 2);
  }, 20_000);

  it('gives the disk back once writing slows to a trickle', async () => {
    copy = await createTestStorage('sqlite');
    await copy.close();
    storage = await openStorage({ ...copy.location, sqliteCheckpoints: PACE });
    const log = path.join(copy.location.dataDir, 'switchboard.db-wal');
    for (let i = 0; i < 300; i++) await storage.db.insertInto('event_payloads').values({ payload: PAGE_SIZED, created_at: i }).execute();
    const written = fs.statSync(log).size;
    expect(written).toBeGreaterThan(300 * 4096);
    // A trickle (a page every 100 ms, two a round) goes on: a round finds less than the quiet bound written since the last.
    let more = 0;
    const trickle = setInterval(
      () =>
        void storage.db
          .insertInto('event_payloads')
          .values({ payload: 'a trickle', created_at: 1000 + more++ })
          .execute(),
      100,
    );
    try {
      await expect.poll(() => fs.statSync(log).size < written / 10, { timeout: 5000, interval: 50 }).toBe(true);
    } finally {
      clearInterval(trickle);
    }
    // Writing went on through it, and nothing written was lost.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const { rows } = await sql<{ n: number }>`select count(*) as n from event_payloads`.execute(storage.db);
    expect(Number(rows[0]!.n)).toBe(300 + more);
  }, 20_000);
});
