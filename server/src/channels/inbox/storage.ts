import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { WebhookInboxTable } from '../../db/schema.js';
import { claimDue } from '../lease.js';

export type InboxRow = Selectable<WebhookInboxTable>;

/** The webhook inbox: providers' webhooks stored before they are acknowledged, processed after. */
export const inboxStorage = {
  /** Stores a verified webhook; false when one with the same dedupe key was stored before (a provider's retry). */
  async store(db: Db, accountId: number, dedupeKey: string | null, body: string, now: number): Promise<boolean> {
    // SQL text rather than the builder: this runs before every provider's 200, where building cost as much as running.
    const { rows } = await sql<{ id: number }>`
      insert into webhook_inbox (account_id, dedupe_key, body, state, next_attempt_at, received_at)
      values (${accountId}, ${dedupeKey === null ? null : `${accountId}:${dedupeKey}`}, ${body}, 'pending', ${now}, ${now})
      on conflict (dedupe_key) do nothing
      returning id`.execute(db);
    return rows.length > 0;
  },

  claim: (db: Db, owner: string, now: number, leaseMs: number, limit: number) => claimDue<InboxRow>(db, 'webhook_inbox', owner, now, now + leaseMs, limit),

  done: (db: Db, id: number, owner: string) =>
    db
      .updateTable('webhook_inbox')
      .set({ state: 'done', lease_owner: null, lease_until: null, error: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute(),

  retryLater: (db: Db, id: number, owner: string, at: number, error: string) =>
    db
      .updateTable('webhook_inbox')
      .set({ next_attempt_at: at, lease_owner: null, lease_until: null, error })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute(),

  failed: (db: Db, id: number, owner: string, error: string) =>
    db
      .updateTable('webhook_inbox')
      .set({ state: 'failed', lease_owner: null, lease_until: null, error })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute(),

  /** Processed webhooks are kept a while (to see what came in), then pruned; failed ones stay for an admin. */
  prune: (db: Db, before: number) => db.deleteFrom('webhook_inbox').where('state', '=', 'done').where('received_at', '<', before).execute(),

  counts: (db: Db) =>
    db
      .selectFrom('webhook_inbox')
      .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute(),
};
