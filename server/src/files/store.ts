import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { link, mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where file bytes live, by the sha256 of their content: one copy per content, however often it is
 * sent. On SQLite this node's disk (DiskStore); on PostgreSQL the database every node shares
 * (files/database-store.ts). An S3 bucket can implement the same interface later.
 */
export interface ContentStore {
  /** A fresh path for spooling an upload to, before its hash is known. */
  tempPath(): string;
  /**
   * Moves a spooled file in under its hash (the temp file is gone afterwards, also when a copy existed). Like
   * `putBuffer` and `hold`, the content is held for the upload until `release`: `delete` leaves it alone.
   */
  putFile(tempPath: string, sha256: string): Promise<void>;
  putBuffer(data: Buffer, sha256: string): Promise<void>;
  /** An upload reuses a stored content (an image's renditions): held as by `putFile`. */
  hold(sha256: string): Promise<void>;
  /** The uploads that put or held these contents wrote their files' rows, or failed (a hash once per hold). */
  release(hashes: readonly string[]): Promise<void>;
  /** The bytes and their length; undefined when there is no such content. */
  open(sha256: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** Deletes the content unless an upload holds it (on this node's disk the files service knows its own uploads). */
  delete(sha256: string): Promise<void>;
  /** Removes spooled uploads a crash left behind, last written more than olderThanMs ago (and lets go of their holds). */
  sweepTemp(olderThanMs: number): Promise<void>;
}

const HASH = /^[0-9a-f]{64}$/;

/** DATA_DIR/files/ab/abcdef…: two-character fan-out so no directory grows huge; tmp/ for uploads in flight. */
export class DiskStore implements ContentStore {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = path.join(root, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
  }

  tempPath(): string {
    return path.join(this.tmp, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  }

  private pathOf(sha256: string): string {
    if (!HASH.test(sha256)) throw new Error('not a sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async putFile(tempPath: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    // link fails when the content is already stored: then the existing copy stays and the spool goes.
    try {
      await link(tempPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        await rename(tempPath, target);
        return;
      }
    }
    await this.discard(tempPath);
  }

  async putBuffer(data: Buffer, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await exists(target)) return;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = this.tempPath();
    await writeFile(temp, data);
    await rename(temp, target);
  }

  async open(sha256: string): Promise<{ stream: Readable; size: number } | undefined> {
    const file = this.pathOf(sha256);
    const info = await stat(file).catch(() => undefined);
    if (!info) return undefined;
    return { stream: createReadStream(file), size: info.size };
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  // One node alone uses this disk: the files service's own count of its uploads in flight keeps their contents.
  async hold(_sha256: string): Promise<void> {}

  async release(_hashes: readonly string[]): Promise<void> {}

  /** Where the content is on this disk, if it is. */
  async pathIfStored(sha256: string): Promise<string | undefined> {
    const file = this.pathOf(sha256);
    return (await exists(file)) ? file : undefined;
  }

  /** Removes a spooled upload (gone already is fine). */
  async discard(tempPath: string): Promise<void> {
    await unlink(tempPath).catch(() => undefined);
  }

  async sweepTemp(olderThanMs: number): Promise<void> {
    // The files' own times, so the system clock: a spool in flight is written to every moment.
    const before = Date.now() - olderThanMs;
    for (const name of await readdir(this.tmp)) {
      const file = path.join(this.tmp, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < before) await rm(file, { force: true });
    }
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
