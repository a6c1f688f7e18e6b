import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * Claims up to `limit` due rows of a work table (webhook_inbox, outbox) for this worker until
 * `leaseUntil`, in one statement. Under PostgreSQL with several nodes, a row another node claimed a
 * moment earlier fails the re-checked condition and is skipped, so each row has one worker at a time;
 * a worker that dies lets its lease run out and another takes the row.
 */
export async function claimDue<Row>(db: Db, table: 'webhook_inbox' | 'outbox', owner: string, now: number, leaseUntil: number, limit: number): Promise<Row[]> {
  const t = sql.table(table);
  const free = sql`state = 'pending' and next_attempt_at <= ${now} and (lease_until is null or lease_until < ${now})`;
  const { rows } = await sql<Row>`
    update ${t} set lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1
    where id in (select id from ${t} where ${free} order by id limit ${limit}) and ${free}
    returning *`.execute(db);
  return rows.sort((a, b) => (a as { id: number }).id - (b as { id: number }).id);
}

/** Backoff for the n-th failed attempt: 1 s, 2 s, 4 s … at most 5 minutes, with jitter so retries spread. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Lets the event loop take in pending I/O (new requests) before the next item of background work. */
export const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * How channel work makes room between items: at least for pending I/O; the app adds "as long again while
 * requests keep arriving, and while they are being answered" (http/request-gauge.ts), so providers' 200s do
 * not queue behind processing.
 */
export class Pacing {
  private waitForRequests: (spentMs: number) => Promise<void> = async () => {};

  giveWayTo(wait: (spentMs: number) => Promise<void>): void {
    this.waitForRequests = wait;
  }

  /** After an item of background work that took `spentMs`. */
  async pause(spentMs = 0): Promise<void> {
    await yieldToIo();
    await this.waitForRequests(spentMs);
  }
}
