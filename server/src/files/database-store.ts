import { open as openFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Db } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';
import { transaction } from '../db/transaction.js';
import { contentStorage } from './content-storage.js';
import type { ContentStore, DiskStore } from './store.js';

/** A hold this old is an upload's that died between storing its bytes and writing its rows (files/content-storage.ts). */
export const STALE_HOLD_MS = 24 * 60 * 60 * 1000;

/** A part's bytes at most: a 25 MB upload is 25 rows, and one row is all a download holds in memory at a time. */
export const PART_BYTES = 1 << 20;

/**
 * File bytes in the PostgreSQL database every node shares (each node's DATA_DIR is its own: a file sent
 * through one node could not be fetched through another). Uploads still spool to this node's disk while they
 * are counted and hashed (`tempPath`), then go in, a part at a time, in one transaction. Contents stored on
 * this node's disk before (DATA_DIR/files) are served from there and taken into the database as they are first
 * asked for, so every node has them from then on.
 */
export class DatabaseStore implements ContentStore {
  constructor(
    private readonly db: Db,
    /** This node's disk: the spool, and the contents stored on it before. */
    private readonly disk: DiskStore,
  ) {}

  tempPath(): string {
    return this.disk.tempPath();
  }

  async putFile(tempPath: string, sha256: string): Promise<void> {
    try {
      await this.copyIn(tempPath, sha256, true);
    } finally {
      await this.disk.discard(tempPath);
    }
  }

  async putBuffer(data: Buffer, sha256: string): Promise<void> {
    const parts = Math.max(1, Math.ceil(data.length / PART_BYTES));
    await transaction(this.db, async (trx) => {
      if (!(await contentStorage.claim(trx, sha256, data.length, parts, Date.now()))) return;
      for (let part = 0; part < parts; part++) await contentStorage.writePart(trx, sha256, part, data.subarray(part * PART_BYTES, (part + 1) * PART_BYTES));
    });
  }

  async open(sha256: string): Promise<{ stream: Readable; size: number } | undefined> {
    const head = (await contentStorage.head(this.db, sha256)) ?? (await this.takeInFromDisk(sha256));
    if (!head) return undefined;
    return { stream: Readable.from(this.parts(sha256, head.parts)), size: head.size };
  }

  async hold(sha256: string): Promise<void> {
    await contentStorage.hold(this.db, sha256, Date.now());
  }

  async release(hashes: readonly string[]): Promise<void> {
    if (hashes.length > 0) await contentStorage.release(this.db, hashes);
  }

  /** Only when no upload holds it and no file refers to it, whichever node asks (see `contentStorage.removeUnused`). */
  async delete(sha256: string): Promise<void> {
    if (await contentStorage.removeUnused(this.db, sha256)) await this.disk.delete(sha256);
  }

  /** Also lets go of the holds of uploads that died (a day old: no request lasts that long), and deletes what nothing refers to. */
  async sweepTemp(olderThanMs: number): Promise<void> {
    await this.disk.sweepTemp(olderThanMs);
    for (const sha256 of await contentStorage.releaseStale(this.db, Date.now() - STALE_HOLD_MS)) await this.delete(sha256);
  }

  /** A content stored on this node's disk before files went into the database: in it goes, for every node. */
  private async takeInFromDisk(sha256: string) {
    const file = await this.disk.pathIfStored(sha256);
    if (!file) return undefined;
    await this.copyIn(file, sha256, false);
    return contentStorage.head(this.db, sha256);
  }

  /** One part per read: a download holds one part in memory, however large the file. */
  private async *parts(sha256: string, parts: number): AsyncGenerator<Buffer> {
    for (let part = 0; part < parts; part++) {
      const data = await contentStorage.part(this.db, sha256, part);
      if (!data) throw new Error(`file content ${sha256} lost part ${part}`);
      yield data;
    }
  }

  /**
   * Writes a file on this node's disk into the database, a part at a time, in one transaction (once per content);
   * for an upload (`hold`), held by it until it is released.
   */
  private async copyIn(file: string, sha256: string, hold: boolean): Promise<void> {
    const { size } = await stat(file);
    const parts = Math.max(1, Math.ceil(size / PART_BYTES));
    const handle = await openFile(file, 'r');
    try {
      await transaction(this.db, async (trx) => {
        if (!(await contentStorage.claim(trx, sha256, size, parts, hold ? Date.now() : undefined))) return;
        for (let part = 0; part < parts; part++) {
          const chunk = Buffer.allocUnsafe(Math.min(PART_BYTES, size - part * PART_BYTES));
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, part * PART_BYTES);
          if (bytesRead !== chunk.length) throw new Error(`${file} changed while it was stored`);
          await contentStorage.writePart(trx, sha256, part, chunk);
        }
      });
    } finally {
      await handle.close();
    }
  }
}

/** Where a node keeps file bytes: SQLite serves one node, from its disk; PostgreSQL may serve several, from the database. */
export function contentStoreFor(db: Db, disk: DiskStore): ContentStore {
  return dialectOf(db) === 'postgres' ? new DatabaseStore(db, disk) : disk;
}
