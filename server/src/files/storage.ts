import type { Attachment } from '@switchboard/protocol';
import { PostgresAdapter, type ExpressionBuilder, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, FilesTable } from '../db/schema.js';
import { errors } from '../http/errors.js';
import { nameForType } from './names.js';
import { prepared } from '../db/prepared.js';
import { transaction } from '../db/transaction.js';

const attachmentRows = prepared((db: Db, messageIds: number[]) =>
  db
    .selectFrom('message_files as mf')
    .innerJoin('files as f', 'f.id', 'mf.file_id')
    .select(['mf.message_id', 'f.id', 'f.name', 'f.size', 'f.mime', 'f.kind', 'f.width', 'f.height', 'f.display_sha256', 'f.thumb_sha256'])
    .where('mf.message_id', 'in', messageIds)
    .orderBy('mf.message_id')
    .orderBy('mf.position'),
);

export type FileRow = Selectable<FilesTable>;

export function toAttachment(
  row: Pick<FileRow, 'id' | 'name' | 'size' | 'mime' | 'kind' | 'width' | 'height' | 'display_sha256' | 'thumb_sha256'>,
): Attachment {
  return {
    id: row.id,
    name: nameForType(row.name, row.mime), // rows from before names were checked may still lie
    size: row.size,
    mime: row.mime,
    kind: row.kind,
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    hasDisplay: row.display_sha256 !== null,
    hasThumbnail: row.thumb_sha256 !== null,
  };
}

/** Who sends files with a message: a colleague, or a customer (a live chat visitor). */
export type Uploader = { user: number } | { customer: number };

export const fileStorage = {
  async insert(db: Db, rows: Insertable<FilesTable>[]): Promise<FileRow[]> {
    const out: FileRow[] = [];
    for (const row of rows) out.push(await db.insertInto('files').values(row).returningAll().executeTakeFirstOrThrow());
    return out;
  },

  byId: (db: Db, id: number) => db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Another upload of the same bytes whose display versions can be reused instead of made again. */
  processedBySha: (db: Db, sha256: string) =>
    db
      .selectFrom('files')
      .select(['mime', 'kind', 'width', 'height', 'display_sha256', 'display_mime', 'thumb_sha256', 'thumb_mime'])
      .where('sha256', '=', sha256)
      .orderBy('id', 'desc')
      .executeTakeFirst(),

  /**
   * Sends uploaded files with a message, inside its transaction. Each must have been uploaded by this
   * sender into this conversation (a visitor's: or before it existed) and not be sent already.
   */
  async attach(trx: Db, messageId: number, conversationId: number, fileIds: number[], uploader: Uploader): Promise<Attachment[]> {
    const unique = [...new Set(fileIds)];
    if (unique.length !== fileIds.length) throw errors.validation('body.fileIds: a file is listed twice');
    let query = trx
      .selectFrom('files as f')
      .leftJoin('message_files as mf', 'mf.file_id', 'f.id')
      .selectAll('f')
      .where('f.id', 'in', unique)
      .where('mf.file_id', 'is', null);
    query =
      'user' in uploader
        ? query.where('f.uploaded_by_user', '=', uploader.user).where('f.conversation_id', '=', conversationId)
        : query
            .where('f.uploaded_by_customer', '=', uploader.customer)
            .where((eb) => eb.or([eb('f.conversation_id', '=', conversationId), eb('f.conversation_id', 'is', null)]));
    const rows = await query.execute();
    if (rows.length !== unique.length) throw errors.validation('body.fileIds: no such uploaded file, or it was already sent');
    const byId = new Map(rows.map((r) => [r.id, r]));
    await trx
      .insertInto('message_files')
      .values(unique.map((fileId, position) => ({ message_id: messageId, file_id: fileId, position })))
      .execute();
    await trx.updateTable('files').set({ conversation_id: conversationId }).where('id', 'in', unique).where('conversation_id', 'is', null).execute();
    return unique.map((id) => toAttachment(byId.get(id)!));
  },

  /** The attachments of these messages, in the order they were sent. */
  async attachmentsOf(db: Db, messageIds: number[]): Promise<Map<number, Attachment[]>> {
    const result = new Map<number, Attachment[]>();
    if (messageIds.length === 0) return result;
    const rows = await attachmentRows(db, messageIds);
    for (const row of rows) {
      const list = result.get(row.message_id) ?? [];
      list.push(toAttachment(row));
      result.set(row.message_id, list);
    }
    return result;
  },

  /** Every content hash a conversation's files use (originals, display versions, thumbnails). */
  async blobsOf(db: Db, conversationId: number): Promise<string[]> {
    const rows = await db.selectFrom('files').select(['sha256', 'display_sha256', 'thumb_sha256']).where('conversation_id', '=', conversationId).execute();
    return [...new Set(rows.flatMap((r) => [r.sha256, r.display_sha256, r.thumb_sha256]).filter((s): s is string => s !== null))];
  },

  /** How many files, and bytes, this uploader holds that were uploaded since `since` and not sent. */
  async unsentTotals(db: Db, uploader: Uploader, since: number): Promise<{ count: number; bytes: number }> {
    const row = await db
      .selectFrom('files as f')
      .leftJoin('message_files as mf', 'mf.file_id', 'f.id')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.coalesce(eb.fn.sum('f.size'), eb.lit(0)).as('bytes')])
      .where('mf.file_id', 'is', null)
      .where('f.created_at', '>=', since)
      .where('user' in uploader ? 'f.uploaded_by_user' : 'f.uploaded_by_customer', '=', 'user' in uploader ? uploader.user : uploader.customer)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), bytes: Number(row.bytes) };
  },

  /**
   * Deletes the files uploaded before `before` and never sent; answers the content hashes they used.
   * A send may be attaching one of them right now, and message_files cascades on a file's delete:
   * on PostgreSQL the candidates are locked first (waiting for such a send to commit), and the delete,
   * a new statement, sees its message_files row and keeps the file. SQLite has one writer at a time.
   */
  async deleteUnsent(db: Db, before: number, batch: number): Promise<{ found: number; deleted: number; hashes: string[] }> {
    return transaction(db, async (trx) => {
      const unsent = (eb: ExpressionBuilder<Database, 'files'>) =>
        eb.not(eb.exists(eb.selectFrom('message_files as mf').select('mf.file_id').whereRef('mf.file_id', '=', 'files.id')));
      const candidates = trx.selectFrom('files').select('id').where('created_at', '<', before).where(unsent).orderBy('id').limit(batch);
      const locked = await (trx.getExecutor().adapter instanceof PostgresAdapter ? candidates.forUpdate() : candidates).execute();
      if (locked.length === 0) return { found: 0, deleted: 0, hashes: [] };
      const rows = await trx
        .deleteFrom('files')
        .where(
          'id',
          'in',
          locked.map((r) => r.id),
        )
        .where(unsent)
        .returning(['sha256', 'display_sha256', 'thumb_sha256'])
        .execute();
      const hashes = [...new Set(rows.flatMap((r) => [r.sha256, r.display_sha256, r.thumb_sha256]).filter((s): s is string => s !== null))];
      return { found: locked.length, deleted: rows.length, hashes };
    });
  },

  /** Of these hashes, the ones some file still refers to. */
  async stillReferenced(db: Db, hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await db
      .selectFrom('files')
      .select(['sha256', 'display_sha256', 'thumb_sha256'])
      .where((eb) => eb.or([eb('sha256', 'in', hashes), eb('display_sha256', 'in', hashes), eb('thumb_sha256', 'in', hashes)]))
      .execute();
    const wanted = new Set(hashes);
    return new Set(rows.flatMap((r) => [r.sha256, r.display_sha256, r.thumb_sha256]).filter((s): s is string => s !== null && wanted.has(s)));
  },
};
