import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import { appendEvent } from '../events/storage.js';
import { usersStorage } from './storage.js';

/**
 * A colleague's new display name, as a durable `user.renamed` to every enabled account: names are shown
 * org-wide (Team, search, transfer, chat members and owners), so everyone's client updates what it shows
 * without a reload, and a client that was offline catches up from its stream. Renames are rare.
 */
export async function renamedEvents(trx: Db, userId: number, name: string, now: number): Promise<Envelope[]> {
  return appendEvent(trx, await usersStorage.enabledIds(trx), { type: 'user.renamed', userId, name }, now);
}
