import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** The only code that reads and writes `file_contents` and `file_content_parts` (files/database-store.ts). */
export const contentStorage = {
  /**
   * Claims a content's row: true when this call made it (its parts are to be written in the same transaction),
   * false when the content is stored, or being stored by a transaction that then commits (this one waited for it).
   * With `heldAt` (now), an upload holds the content until it `release`s it: a delete leaves it alone meanwhile.
   */
  async claim(db: Db, sha256: string, size: number, parts: number, heldAt?: number): Promise<boolean> {
    const hold = heldAt !== undefined;
    for (;;) {
      // Held first: an existing row is locked by this and kept from a delete; a row being made by another
      // transaction is not seen here, and the insert below waits for that transaction.
      if (hold && (await contentStorage.hold(db, sha256, heldAt))) return false;
      const made = await db
        .insertInto('file_contents')
        .values({ sha256, size, parts, holds: hold ? 1 : 0, held_at: heldAt ?? 0 })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .executeTakeFirst();
      if (Number(made.numInsertedOrUpdatedRows ?? 0) > 0) return true;
      if (!hold) return false;
      // Made meanwhile by another upload, which committed: hold that one.
    }
  },

  /** One more upload holds the content (since `now`); false when there is no such content. */
  async hold(db: Db, sha256: string, now: number): Promise<boolean> {
    const held = await db
      .updateTable('file_contents')
      .set((eb) => ({ holds: eb('holds', '+', 1), held_at: now }))
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return Number(held.numUpdatedRows) > 0;
  },

  /** The uploads holding these contents are done (a hash once per hold). */
  async release(db: Db, hashes: readonly string[]): Promise<void> {
    const counts = new Map<string, number>();
    for (const hash of hashes) counts.set(hash, (counts.get(hash) ?? 0) + 1);
    for (const [hash, n] of counts)
      await db
        .updateTable('file_contents')
        .set({ holds: sql<number>`case when holds > ${n} then holds - ${n} else 0 end` })
        .where('sha256', '=', hash)
        .execute();
  },

  /** Lets go of the holds last taken before `before` (uploads that died between storing and their rows): their hashes. */
  async releaseStale(db: Db, before: number): Promise<string[]> {
    const rows = await db.updateTable('file_contents').set({ holds: 0 }).where('holds', '>', 0).where('held_at', '<', before).returning('sha256').execute();
    return rows.map((r) => r.sha256);
  },

  async writePart(db: Db, sha256: string, part: number, data: Buffer): Promise<void> {
    await db.insertInto('file_content_parts').values({ sha256, part, data }).execute();
  },

  head: (db: Db, sha256: string) => db.selectFrom('file_contents').select(['size', 'parts']).where('sha256', '=', sha256).executeTakeFirst(),

  async part(db: Db, sha256: string, part: number): Promise<Buffer | undefined> {
    const row = await db.selectFrom('file_content_parts').select('data').where('sha256', '=', sha256).where('part', '=', part).executeTakeFirst();
    return row?.data;
  },

  /**
   * Deletes the content (its parts go with it, on delete cascade) unless an upload holds it or a file refers to
   * it: judged on the row, which the delete locks, so an upload on another node that holds it meanwhile keeps it.
   * True when the content is gone (or was never here).
   */
  async removeUnused(db: Db, sha256: string): Promise<boolean> {
    await db
      .deleteFrom('file_contents')
      .where('sha256', '=', sha256)
      .where('holds', '=', 0)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('files')
              .select('files.id')
              .where((w) => w.or([w('files.sha256', '=', sha256), w('files.display_sha256', '=', sha256), w('files.thumb_sha256', '=', sha256)])),
          ),
        ),
      )
      .execute();
    return (await contentStorage.head(db, sha256)) === undefined;
  },
};
