import type { DeliveryState } from '@switchboard/protocol';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction } from '../db/transaction.js';
import { createTestStorage, dialects, type TestStorage } from '../testing/databases.js';
import { deliveryStorage } from './delivery.js';

describe.each(dialects)("a message's delivery state on %s", (dialect) => {
  let storage: TestStorage;
  let messageId: number;
  beforeEach(async () => {
    storage = await createTestStorage(dialect);
    const now = Date.now();
    const chat = await storage.db
      .insertInto('conversations')
      .values({ kind: 'external', title: 'Customer', direct_key: null, created_at: now, last_activity_at: now, channel: 'whatsapp', created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const message = await storage.db
      .insertInto('messages')
      .values({
        conversation_id: chat.id,
        author: 'user',
        sender_id: null,
        sender_name: 'Agent',
        author_key: 'u1',
        client_id: 'reply-1',
        body: 'Yes, it ships today.',
        system: null,
        created_at: now,
        delivery_state: 'sent',
        delivery_error: null,
        delivery_at: now,
        external_id: 'wamid.1',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    messageId = message.id;
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  const stateNow = async () =>
    (await storage.db.selectFrom('messages').select('delivery_state').where('id', '=', messageId).executeTakeFirstOrThrow()).delivery_state;
  const set = (state: DeliveryState) => deliveryStorage.setState(storage.db, messageId, state, Date.now());

  it('moves forward only, answering whether it moved', async () => {
    expect(await set('read')).toBe(true);
    expect(await set('delivered')).toBe(false);
    expect(await set('failed')).toBe(false);
    expect(await stateNow()).toBe('read');
  });

  it('fails only from sending or sent, and sends again only what failed', async () => {
    expect(await set('sending')).toBe(false);
    expect(await set('failed')).toBe(true);
    expect(await set('failed')).toBe(false);
    expect(await set('sending')).toBe(true);
    expect(await stateNow()).toBe('sending');
  });

  /** Runs `late` in a transaction of its own while another has made the message "read" and not yet committed. */
  async function whileReadCommits<T>(late: (trx: typeof storage.db) => Promise<T>): Promise<T> {
    let commitRead!: () => void;
    let readWritten!: () => void;
    const written = new Promise<void>((resolve) => (readWritten = resolve));
    const read = transaction(storage.db, async (trx) => {
      await deliveryStorage.setState(trx, messageId, 'read', Date.now());
      readWritten();
      await new Promise<void>((resolve) => (commitRead = resolve));
    });
    await written;
    const result = transaction(storage.db, late);
    // The late status has read the row and waits for the first one's lock before "read" commits.
    await expect
      .poll(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(storage.db)).rows[0]!.n)
      .toBeGreaterThan(0);
    commitRead();
    await read;
    return result;
  }

  // PostgreSQL runs the two at once; SQLite writes one transaction at a time.
  it.skipIf(dialect !== 'postgres')('stays read when a late "delivered" is handled while "read" is being committed', async () => {
    expect(await whileReadCommits((trx) => deliveryStorage.setState(trx, messageId, 'delivered', Date.now()))).toBe(false);
    expect(await stateNow()).toBe('read');
  });

  it.skipIf(dialect !== 'postgres')('stays read when a "delivered up to now" watermark is handled while "read" is being committed', async () => {
    const chat = (await storage.db.selectFrom('messages').select('conversation_id').where('id', '=', messageId).executeTakeFirstOrThrow()).conversation_id;
    expect(await whileReadCommits((trx) => deliveryStorage.upTo(trx, chat, 'delivered', Date.now() + 1000))).toEqual([]);
    expect(await stateNow()).toBe('read');
  });
});
