import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { DatabaseStore, PART_BYTES } from './database-store.js';
import { DiskStore } from './store.js';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** File bytes in the database on PostgreSQL, where several nodes share it (the nodes' own disks do not). */
describe.runIf(dialects.includes('postgres'))('DatabaseStore', () => {
  let h: Harness;
  let dir: string;
  let disk: DiskStore;
  let store: DatabaseStore;

  beforeEach(async () => {
    h = await startHarness('postgres');
    dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-store-'));
    disk = new DiskStore(dir);
    store = new DatabaseStore(h.storage.db, disk);
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = async (hash: string) => {
    const content = await store.open(hash);
    return content && { size: content.size, data: await buffer(content.stream) };
  };

  it('keeps an upload in parts and gives it back whole, the spool removed', async () => {
    const data = randomBytes(3 * PART_BYTES + 12_345);
    const spool = store.tempPath();
    writeFileSync(spool, data);
    await store.putFile(spool, sha(data));
    expect(await read(sha(data))).toEqual({ size: data.length, data });
    expect(await h.storage.db.selectFrom('file_content_parts').select('part').where('sha256', '=', sha(data)).execute()).toHaveLength(4);
    await expect(disk.pathIfStored(sha(data))).resolves.toBeUndefined();
    expect(existsSync(spool)).toBe(false);
  });

  it('stores the same bytes once, however often and however they come', async () => {
    const data = randomBytes(1000);
    await Promise.all([store.putBuffer(data, sha(data)), store.putBuffer(data, sha(data))]);
    const spool = store.tempPath();
    writeFileSync(spool, data);
    await store.putFile(spool, sha(data));
    expect(await h.storage.db.selectFrom('file_content_parts').selectAll().execute()).toEqual([{ sha256: sha(data), part: 0, data }]);
    const empty = Buffer.alloc(0);
    await store.putBuffer(empty, sha(empty));
    expect(await read(sha(empty))).toEqual({ size: 0, data: empty });
  });

  it('deletes a content with its parts; an unknown one is not there', async () => {
    const data = randomBytes(PART_BYTES + 1);
    await store.putBuffer(data, sha(data));
    await store.delete(sha(data));
    expect(await store.open(sha(data))).toBeUndefined();
    expect(await h.storage.db.selectFrom('file_content_parts').selectAll().execute()).toEqual([]);
  });

  it('serves a file stored on this node’s disk before, and takes it into the database for every node', async () => {
    const data = randomBytes(2 * PART_BYTES);
    await disk.putBuffer(data, sha(data));
    expect(await read(sha(data))).toEqual({ size: data.length, data });
    const other = new DatabaseStore(h.storage.db, new DiskStore(mkdtempSync(path.join(dir, 'other-'))));
    const content = await other.open(sha(data));
    expect(content && (await buffer(content.stream))).toEqual(data);
  });
});
