import { sql } from 'kysely';
import type { AnyDb } from '../dialect.js';

/**
 * Uploads in progress that hold a content (files/content-storage.ts `claim`, `release`): between storing the
 * bytes and writing the file's row, a content nobody refers to yet must not be deleted by another node, which
 * cannot see this node's uploads in flight. Counted on the content's row, which a delete locks and checks; with
 * the time of the last hold, so that the holds of uploads that died are let go (a day later).
 */
export const fileContentHoldsMigration = {
  async up(db: AnyDb) {
    await sql`alter table file_contents add column holds integer not null default 0`.execute(db);
    await sql`alter table file_contents add column held_at bigint not null default 0`.execute(db);
  },
};
