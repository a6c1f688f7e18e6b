import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { DatabaseStore, PART_BYTES, STALE_HOLD_MS } from './database-store.js';
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

  it('deletes a content with its parts once its upload let go; an unknown one is not there', async () => {
    const data = randomBytes(PART_BYTES + 1);
    await store.putBuffer(data, sha(data));
    await store.release([sha(data)]);
    await store.delete(sha(data));
    expect(await store.open(sha(data))).toBeUndefined();
    expect(await h.storage.db.selectFrom('file_content_parts').selectAll().execute()).toEqual([]);
  });

  it('keeps a content an upload on another node holds, its file not written yet, until it lets go', async () => {
    const data = randomBytes(1000);
    // Node B stores the bytes of an upload; node A deletes a conversation whose file had the same bytes.
    const nodeB = new DatabaseStore(h.storage.db, new DiskStore(mkdtempSync(path.join(dir, 'b-'))));
    await nodeB.putBuffer(data, sha(data));
    await store.delete(sha(data));
    expect(await read(sha(data))).toEqual({ size: data.length, data });
    // Two uploads of the same bytes hold it twice (one reusing the content): both must let go.
    await nodeB.hold(sha(data));
    await nodeB.release([sha(data)]);
    await store.delete(sha(data));
    expect(await read(sha(data))).toEqual({ size: data.length, data });
    await nodeB.release([sha(data)]);
    await store.delete(sha(data));
    expect(await store.open(sha(data))).toBeUndefined();
  });

  it('lets go of the holds of uploads that died a day ago, deleting what nothing refers to; a live one stays', async () => {
    const [died, live] = [randomBytes(300), randomBytes(200)];
    await store.putBuffer(died, sha(died));
    await store.putBuffer(live, sha(live));
    await h.storage.db
      .updateTable('file_contents')
      .set({ held_at: Date.now() - STALE_HOLD_MS - 1000 })
      .where('sha256', '=', sha(died))
      .execute();
    await store.sweepTemp(60_000);
    expect(await store.open(sha(died))).toBeUndefined();
    expect(await read(sha(live))).toEqual({ size: live.length, data: live });
  });

  it('never deletes a content a file refers to, as original or as a rendition', async () => {
    const [original, thumb] = [randomBytes(100), randomBytes(50)];
    for (const data of [original, thumb]) {
      await store.putBuffer(data, sha(data));
      await store.release([sha(data)]);
    }
    await h.storage.db
      .insertInto('files')
      .values({
        conversation_id: null,
        sha256: sha(original),
        size: 100,
        name: 'photo.png',
        mime: 'image/png',
        kind: 'image',
        width: 10,
        height: 10,
        display_sha256: null,
        display_mime: null,
        thumb_sha256: sha(thumb),
        thumb_mime: 'image/webp',
        uploaded_by_user: null,
        uploaded_by_customer: null,
        created_at: Date.now(),
      })
      .execute();
    for (const data of [original, thumb]) {
      await store.delete(sha(data));
      expect(await read(sha(data))).toEqual({ size: data.length, data });
    }
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
