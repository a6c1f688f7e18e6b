import type { Db } from '../db/database.js';

/** The only code that reads and writes `file_contents` and `file_content_parts` (files/database-store.ts). */
export const contentStorage = {
  /**
   * Claims a content's row: true when this call made it (its parts are to be written in the same transaction),
   * false when the content is stored, or being stored by a transaction that then commits (this one waited for it).
   */
  async claim(db: Db, sha256: string, size: number, parts: number): Promise<boolean> {
    const made = await db
      .insertInto('file_contents')
      .values({ sha256, size, parts })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .executeTakeFirst();
    return Number(made.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async writePart(db: Db, sha256: string, part: number, data: Buffer): Promise<void> {
    await db.insertInto('file_content_parts').values({ sha256, part, data }).execute();
  },

  head: (db: Db, sha256: string) => db.selectFrom('file_contents').select(['size', 'parts']).where('sha256', '=', sha256).executeTakeFirst(),

  async part(db: Db, sha256: string, part: number): Promise<Buffer | undefined> {
    const row = await db.selectFrom('file_content_parts').select('data').where('sha256', '=', sha256).where('part', '=', part).executeTakeFirst();
    return row?.data;
  },

  /** Its parts go with it (on delete cascade). */
  remove: (db: Db, sha256: string) => db.deleteFrom('file_contents').where('sha256', '=', sha256).execute(),
};
