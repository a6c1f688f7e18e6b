import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Attachment } from '@switchboard/protocol';
import type { Insertable } from 'kysely';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { UploadQuota } from '../config.js';
import type { ConversationCore } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { FilesTable } from '../db/schema.js';
import { errors } from '../http/errors.js';
import { ACCEPTED_NAMES, detectType, type Detected } from './detect.js';
import { ImageTooLarge, processImage, UnreadableImage, type ImageLimits, type ProcessedImage } from './images.js';
import type { ContentStore } from './store.js';
import { cleanName, nameForType } from './names.js';
import { fileStorage, toAttachment, type Uploader } from './storage.js';
import { transaction } from '../db/transaction.js';

export interface FileLimits {
  maxUploadBytes: number;
  /** Larger images are not rendered; they are sent as plain files to download. */
  image: ImageLimits;
  /** Uploads not sent within this time are deleted by sweepUnsent. */
  unsentTtlMs: number;
  /** What one visitor or colleague may hold uploaded and unsent (colleagues more: they send more). */
  unsent: { visitor: UploadQuota; agent: UploadQuota };
}

/** One file of a multipart upload, as the route hands it over: its name and its bytes, to be read once. */
export interface IncomingFile {
  filename: string;
  file: Readable;
}

export type Variant = 'original' | 'display' | 'thumbnail';

export interface Served {
  /** Small files whole, larger ones streamed from the store. */
  body: Readable | Buffer;
  size: number;
  mime: string;
  name: string;
  /** Documents and originals download; display versions and thumbnails show in the page. */
  inline: boolean;
}

interface Spooled {
  temp: string;
  name: string;
  sha256: string;
  size: number;
}

/** Thumbnails, display versions and small documents are read whole: one read, no stream to keep open. */
const WHOLE_BYTES = 1024 * 1024;

async function buffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Files deleted per sweep transaction. */
const SWEEP_BATCH = 500;

/** An image not rendered because of its size (render's answer). */
const TOO_LARGE = Symbol('too large');

const formatMb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Files sent in conversations: uploads are streamed to disk with a byte counter (refused past the
 * limit before they fill it), typed by their bytes, images rendered for display, and the bytes kept
 * once per content. Served only to those who may read the conversation.
 */
export class FilesService {
  /** Hashes being written right now: the sweeper must not delete them before their row exists. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly store: ContentStore,
    private readonly clock: Clock,
    private readonly limits: FileLimits,
    private readonly conversations: ConversationCore,
  ) {}

  /** Largest file that may be sent, in bytes. */
  get maxUploadBytes(): number {
    return this.limits.maxUploadBytes;
  }

  /** A colleague uploads files into a conversation; send them with `SendMessage.fileIds`. */
  async upload(actor: Actor, conversationId: number, parts: AsyncIterable<IncomingFile>): Promise<Attachment[]> {
    await this.access.require(actor, 'conversation.send', conversationId);
    return this.receive(parts, { conversation_id: conversationId, uploaded_by_user: actor.id, uploaded_by_customer: null });
  }

  /** A live chat visitor uploads files (before their first message there may be no conversation yet). */
  async uploadForVisitor(customerId: number, accountId: number, parts: AsyncIterable<IncomingFile>): Promise<Attachment[]> {
    const conversation = await this.conversations.conversationOf(customerId, accountId);
    return this.receive(parts, { conversation_id: conversation?.id ?? null, uploaded_by_user: null, uploaded_by_customer: customerId });
  }

  async open(actor: Actor, fileId: number, variant: Variant): Promise<Served> {
    await this.access.require(actor, 'file.read', fileId);
    return this.serve(fileId, variant);
  }

  async openForVisitor(customerId: number, fileId: number, variant: Variant): Promise<Served> {
    await this.access.requireVisitor(customerId, 'file.read', fileId);
    return this.serve(fileId, variant);
  }

  /** A file's original bytes for a channel's sender (the outbox): no actor, the message was already allowed. */
  async openOriginal(fileId: number): Promise<Readable> {
    const served = await this.serve(fileId, 'original');
    return Buffer.isBuffer(served.body) ? Readable.from([served.body]) : served.body;
  }

  /** After a conversation was deleted: removes the bytes no remaining file refers to. */
  async forget(hashes: string[]): Promise<void> {
    const kept = await fileStorage.stillReferenced(this.db, hashes);
    for (const hash of hashes) if (!kept.has(hash) && !this.inFlight.has(hash)) await this.store.delete(hash);
  }

  /**
   * Deletes uploads never sent within unsentTtlMs (their rows, and the bytes no other file uses), so
   * uploading without sending cannot fill the disk. Run by a timer in app.ts; answers how many went.
   */
  async sweepUnsent(): Promise<number> {
    const before = this.clock.now() - this.limits.unsentTtlMs;
    let swept = 0;
    // In batches: a short transaction each, and no statement with more ids than a database takes.
    for (let more = true; more; ) {
      const { found, deleted, hashes } = await fileStorage.deleteUnsent(this.db, before, SWEEP_BATCH);
      await this.forget(hashes);
      swept += deleted;
      more = found === SWEEP_BATCH;
    }
    await this.store.sweepTemp(this.limits.unsentTtlMs);
    return swept;
  }

  private async serve(fileId: number, variant: Variant): Promise<Served> {
    const row = (await fileStorage.byId(this.db, fileId))!;
    const pick =
      variant === 'original'
        ? { sha: row.sha256, mime: row.mime }
        : variant === 'display'
          ? { sha: row.display_sha256, mime: row.display_mime }
          : { sha: row.thumb_sha256, mime: row.thumb_mime };
    if (!pick.sha || !pick.mime) throw errors.notFound('File version');
    const content = await this.store.open(pick.sha);
    if (!content) throw errors.notFound('File');
    // Named again on the way out: rows stored before names were checked may still lie.
    const original = nameForType(row.name, row.mime);
    const name = variant === 'original' ? original : `${original.replace(/\.[^.]*$/, '')}.webp`;
    const body = content.size <= WHOLE_BYTES ? await buffer(content.stream) : content.stream;
    return { body, size: content.size, mime: pick.mime, name, inline: variant !== 'original' };
  }

  private async receive(
    parts: AsyncIterable<IncomingFile>,
    owner: Pick<Insertable<FilesTable>, 'conversation_id' | 'uploaded_by_user' | 'uploaded_by_customer'>,
  ) {
    const spooled: Spooled[] = [];
    const held: string[] = [];
    // The contents this upload holds in the store, each once its put or hold went through (released once its rows exist).
    const inStore: string[] = [];
    const uploader: Uploader = owner.uploaded_by_user ? { user: owner.uploaded_by_user } : { customer: owner.uploaded_by_customer! };
    try {
      // Checked before a byte is read (already at the limit) and after (this batch would pass it).
      await this.checkQuota(uploader, []);
      for await (const part of parts) await this.spool(part, spooled);
      if (spooled.length === 0) throw errors.validation('body.file: no file was sent');
      await this.checkQuota(uploader, spooled);
      const typed: [Spooled, Detected][] = [];
      for (const file of spooled) {
        const detected = await detectType(file.temp, file.name);
        if (!detected) throw errors.unsupportedMediaType(`"${file.name}" cannot be sent: accepted are ${ACCEPTED_NAMES}`, { name: file.name });
        typed.push([file, detected]);
      }
      const rows: Insertable<FilesTable>[] = [];
      for (const [file, detected] of typed) {
        const rendered = detected.kind === 'image' ? await this.render(file, detected, held, inStore) : {};
        // An image too large to render is still sent, as a file to download: the sender expects it to
        // arrive, and the recipient's own viewer decides whether to open it.
        const kind = rendered === TOO_LARGE ? 'document' : detected.kind;
        this.hold(file.sha256, held);
        await this.store.putFile(file.temp, file.sha256);
        inStore.push(file.sha256);
        rows.push({
          ...owner,
          sha256: file.sha256,
          size: file.size,
          name: nameForType(file.name, detected.mime),
          mime: detected.mime,
          kind,
          width: null,
          height: null,
          display_sha256: null,
          display_mime: null,
          thumb_sha256: null,
          thumb_mime: null,
          ...(rendered === TOO_LARGE ? {} : rendered),
          created_at: this.clock.now(),
        });
      }
      const stored = await transaction(this.db, (trx) => fileStorage.insert(trx, rows));
      return stored.map(toAttachment);
    } catch (error) {
      // Nothing half-written: bytes stored for this request that no row refers to go again.
      const written = [...held];
      this.release(held);
      held.length = 0;
      await this.releaseStored(inStore);
      await this.forget(written);
      throw error;
    } finally {
      this.release(held);
      // After the rows' transaction, never in it: a delete judging the content in between would not see them.
      await this.releaseStored(inStore);
      await Promise.all(spooled.map((file) => rm(file.temp, { force: true })));
    }
  }

  /** Refuses uploads past what one uploader may hold unsent (uploads older than the TTL no longer count). */
  private async checkQuota(uploader: Uploader, batch: Spooled[]): Promise<void> {
    const quota = 'user' in uploader ? this.limits.unsent.agent : this.limits.unsent.visitor;
    const held = await fileStorage.unsentTotals(this.db, uploader, this.clock.now() - this.limits.unsentTtlMs);
    const bytes = batch.reduce((sum, file) => sum + file.size, 0);
    const full =
      batch.length === 0 ? held.count >= quota.files || held.bytes >= quota.bytes : held.count + batch.length > quota.files || held.bytes + bytes > quota.bytes;
    if (!full) return;
    const minutes = String(Math.round(this.limits.unsentTtlMs / 60_000));
    throw errors.tooManyUnsentFiles(
      `Too many files uploaded and not sent: at most ${quota.files} files or ${formatMb(quota.bytes)}. Send them first, or wait: unsent files are deleted after ${minutes} minutes`,
      { files: String(quota.files), limit: formatMb(quota.bytes), minutes },
    );
  }

  /** Streams one upload to a temp file, hashing and counting; past the limit it stops and deletes it. */
  private async spool(part: IncomingFile, spooled: Spooled[]): Promise<void> {
    const temp = this.store.tempPath();
    const entry: Spooled = { temp, name: cleanName(part.filename), sha256: '', size: 0 };
    spooled.push(entry); // cleaned up with the others whatever happens
    const hash = createHash('sha256');
    const max = this.maxUploadBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        entry.size += chunk.length;
        if (entry.size > max) {
          callback(
            errors.payloadTooLarge(`"${entry.name}" is larger than ${formatMb(max)}, the most a file may have`, { name: entry.name, limit: formatMb(max) }),
          );
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(part.file, counter, createWriteStream(temp, { flags: 'wx' }));
    } catch (error) {
      part.file.resume(); // let the request finish draining without us
      throw error;
    }
    if (entry.size === 0) throw errors.validation(`"${entry.name}" is empty`);
    entry.sha256 = hash.digest('hex');
  }

  private async render(file: Spooled, detected: Detected, held: string[], inStore: string[]): Promise<Partial<Insertable<FilesTable>> | typeof TOO_LARGE> {
    const previous = await fileStorage.processedBySha(this.db, file.sha256);
    if (previous?.display_sha256 && previous.thumb_sha256) {
      for (const rendition of [previous.display_sha256, previous.thumb_sha256]) {
        this.hold(rendition, held);
        await this.store.hold(rendition);
        inStore.push(rendition);
      }
      return {
        width: previous.width,
        height: previous.height,
        display_sha256: previous.display_sha256,
        display_mime: previous.display_mime,
        thumb_sha256: previous.thumb_sha256,
        thumb_mime: previous.thumb_mime,
      };
    }
    let image: ProcessedImage;
    try {
      image = await processImage(file.temp, detected.mime, this.limits.image);
    } catch (error) {
      if (error instanceof ImageTooLarge) return TOO_LARGE;
      if (error instanceof UnreadableImage)
        throw errors.unsupportedMediaType(`"${file.name}" looks like an image but cannot be read`, { name: file.name, unreadable: 'true' });
      throw error;
    }
    const displaySha = createHash('sha256').update(image.display.data).digest('hex');
    const thumbSha = createHash('sha256').update(image.thumb.data).digest('hex');
    this.hold(displaySha, held);
    this.hold(thumbSha, held);
    await this.store.putBuffer(image.display.data, displaySha);
    inStore.push(displaySha);
    await this.store.putBuffer(image.thumb.data, thumbSha);
    inStore.push(thumbSha);
    return {
      width: image.width,
      height: image.height,
      display_sha256: displaySha,
      display_mime: image.display.mime,
      thumb_sha256: thumbSha,
      thumb_mime: image.thumb.mime,
    };
  }

  /**
   * Lets go of the contents this upload holds in the store (`inStore` is emptied). A failure only leaves them held,
   * so never deleted: bytes kept, none lost; the upload's own outcome stands.
   */
  private async releaseStored(inStore: string[]): Promise<void> {
    await this.store.release(inStore.splice(0)).catch(() => {});
  }

  private hold(hash: string, held: string[]): void {
    this.inFlight.set(hash, (this.inFlight.get(hash) ?? 0) + 1);
    held.push(hash);
  }

  private release(held: string[]): void {
    for (const hash of held) {
      const count = (this.inFlight.get(hash) ?? 1) - 1;
      if (count <= 0) this.inFlight.delete(hash);
      else this.inFlight.set(hash, count);
    }
  }
}
