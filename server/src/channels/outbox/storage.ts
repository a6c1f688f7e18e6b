import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { OutboxTable } from '../../db/schema.js';
import { claimDue } from '../lease.js';

export type OutboxRow = Selectable<OutboxTable>;

export interface OutboxPayload {
  template?: { name: string; language: string; parameters: string[] };
}

/** The outbox: agents' replies to messaging-app customers, each sent by one sender (a lease). */
export const outboxStorage = {
  add: (db: Db, messageId: number, accountId: number, payload: OutboxPayload, now: number) =>
    db
      .insertInto('outbox')
      .values({ message_id: messageId, account_id: accountId, state: 'pending', payload: JSON.stringify(payload), next_attempt_at: now, created_at: now })
      .execute(),

  claim: (db: Db, owner: string, now: number, leaseMs: number, limit: number) => claimDue<OutboxRow>(db, 'outbox', owner, now, now + leaseMs, limit),

  byMessage: (db: Db, messageId: number) => db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirst(),

  sent: (db: Db, id: number, owner: string, providerId: string) =>
    db
      .updateTable('outbox')
      .set({ state: 'sent', provider_id: providerId, lease_owner: null, lease_until: null, last_error: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst(),

  retryLater: (db: Db, id: number, owner: string, at: number, error: string) =>
    db
      .updateTable('outbox')
      .set({ next_attempt_at: at, lease_owner: null, lease_until: null, last_error: error })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst(),

  failed: (db: Db, id: number, owner: string, error: string) =>
    db
      .updateTable('outbox')
      .set({ state: 'failed', lease_owner: null, lease_until: null, last_error: error })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst(),

  /** An agent's Retry of a failed message: back in line, attempts counted afresh. */
  requeue: (db: Db, messageId: number, now: number) =>
    db
      .updateTable('outbox')
      .set({ state: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null })
      .where('message_id', '=', messageId)
      .where('state', '=', 'failed')
      .executeTakeFirst(),
};
