import type { DurableEvent, SequencedEvent } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import type { Envelope } from './bus.js';

/**
 * Appends one durable event to each user's stream inside the caller's transaction.
 * The per-user counter row is the lock that keeps every user's seq gap-free and in commit order.
 */
export async function appendEvent(
  trx: Db,
  userIds: readonly number[],
  event: DurableEvent,
  now: number,
): Promise<Envelope[]> {
  const envelopes: Envelope[] = [];
  for (const userId of [...new Set(userIds)].sort((a, b) => a - b)) {
    const { event_seq: seq } = await trx
      .updateTable('users')
      .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
      .where('id', '=', userId)
      .returning('event_seq')
      .executeTakeFirstOrThrow();
    envelopes.push({ userId, event: { ...event, seq } as SequencedEvent });
  }
  if (envelopes.length > 0) {
    const payload = JSON.stringify(event);
    await trx
      .insertInto('events')
      .values(envelopes.map((e) => ({ user_id: e.userId, seq: (e.event as SequencedEvent).seq, payload, created_at: now })))
      .execute();
  }
  return envelopes;
}

export async function eventsAfter(db: Db, userId: number, afterSeq: number, limit: number): Promise<SequencedEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'payload'])
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...(JSON.parse(r.payload) as DurableEvent), seq: r.seq }) as SequencedEvent);
}

export async function currentSeq(db: Db, userId: number): Promise<number> {
  const row = await db.selectFrom('users').select('event_seq').where('id', '=', userId).executeTakeFirst();
  return row?.event_seq ?? 0;
}

export async function pruneEvents(db: Db, olderThan: number): Promise<number> {
  const result = await db.deleteFrom('events').where('created_at', '<', olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}
