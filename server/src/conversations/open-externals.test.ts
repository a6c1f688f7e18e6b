import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../events/hub.js';
import { createTestStorage, dialects, type TestStorage } from '../testing/databases.js';
import { ConversationCore } from './core.js';

/** Two nodes taking in a new customer's first messages at once run `openExternals` in two transactions. */
describe.runIf(dialects.includes('postgres'))('opening a new customer chat on PostgreSQL', () => {
  let storage: TestStorage;
  let core: ConversationCore;
  let customer: { id: number; name: string; channel: 'livechat'; accountId: number };

  beforeEach(async () => {
    storage = await createTestStorage('postgres');
    core = new ConversationCore(storage.db, {} as Hub, { now: () => 1_000 });
    const now = Date.now();
    const account = await storage.db
      .insertInto('channel_accounts')
      .values({ type: 'livechat', name: 'Website', key: 'site', target_type: 'queue', target_id: 1, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await storage.db
      .insertInto('customers')
      .values({ channel: 'livechat', name: 'Jane', email: '', phone: '', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    customer = { id: row.id, name: 'Jane', channel: 'livechat', accountId: account.id };
  });
  afterEach(async () => {
    await storage.close();
    await storage.drop();
  });

  it('makes the second wait for the first and hand back the chat the first made, not a second chat', async () => {
    let commitFirst = () => {};
    const firstMayCommit = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    let firstOpened: (id: number) => void = () => {};
    const openedByFirst = new Promise<number>((resolve) => {
      firstOpened = resolve;
    });
    const first = storage.db.transaction().execute(async (trx) => {
      const [chat] = await core.openExternals(trx, [customer]);
      firstOpened(chat!.id);
      await firstMayCommit;
      return chat!.id;
    });
    const firstId = await openedByFirst;

    let secondDone = false;
    const second = storage.db.transaction().execute(async (trx) => {
      const [chat] = await core.openExternals(trx, [customer]);
      secondDone = true;
      return chat!.id;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waited = !secondDone; // waits for the first: its chat is not visible before the first commits
    commitFirst();
    expect(waited).toBe(true);
    expect(await first).toBe(firstId);
    expect(await second).toBe(firstId);
    const chats = await storage.db.selectFrom('conversations').select('id').where('customer_id', '=', customer.id).execute();
    expect(chats.map((c) => c.id)).toEqual([firstId]);
  });

  it("does not make a customer whose chat exists wait for another customer's chat being made", async () => {
    const [existing] = await storage.db.transaction().execute((trx) => core.openExternals(trx, [customer]));
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const other = await storage.db
      .insertInto('customers')
      .values({ channel: 'livechat', name: 'Max', email: '', phone: '', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const creating = storage.db.transaction().execute(async (trx) => {
      await core.openExternals(trx, [{ ...customer, id: other.id, name: 'Max' }]);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [again] = await storage.db.transaction().execute((trx) => core.openExternals(trx, [customer]));
    expect(again!.id).toBe(existing!.id);
    release();
    await creating;
  });
});
