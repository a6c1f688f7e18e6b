import type { Db } from '../db/database.js';
import type { NewMessage } from '../conversations/messages.js';
import { type Posted, postMessages } from '../conversations/posting.js';

/** A colleague's message waiting for the group commit. */
export interface Send {
  conversationId: number;
  message: NewMessage & { author: 'user' };
}

/**
 * Writes a batch of colleagues' sends in the caller's transaction; each sender has read up to their own
 * message. Runs in the server's thread on PostgreSQL and in the SQLite writer thread on SQLite (db/offload.ts).
 */
export function writeSends(trx: Db, sends: readonly Send[], now: number): Promise<(Posted | undefined)[]> {
  return postMessages(trx, sends, now, { authorsRead: true });
}
