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

/**
 * How many times the SQLite log has started over: the checkpoint sequence number in its header (bytes 12–15,
 * big-endian), which SQLite counts up each time it writes the log from its beginning again. Read from the file,
 * so that looking does not checkpoint.
 */
function restartsOfLog(file: string): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : 0;
  } finally {
    fs.closeSync(fd);
  }
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
    const log = path.join(copy.location.dataDir, 'switchboard.db-wal');
    // Each commit adds at least a frame; without a pause, passive checkpoints never catch up with the last one, and
    // the log would only grow. Writing goes on until the log started over three times, or for 15 s: the time a slow
    // machine under load could need (a fixed time was too short there, a fixed count of commits too long here).
    await storage.db.insertInto('event_payloads').values({ payload: PAGE_SIZED, created_at: 0 }).execute();
    const first = restartsOfLog(log);
    let commits = 1;
    const until = Date.now() + 15_000;
    while (restartsOfLog(log) < first + 3 && Date.now() < until) {
      for (let i = 0; i < 100; i++, commits++) {
        await storage.db.insertInto('event_payloads').values({ payload: PAGE_SIZED, created_at: commits }).execute();
      }
    }
    expect(restartsOfLog(log) - first, `restarts of the log in ${commits} commits`).toBeGreaterThanOrEqual(3);
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
