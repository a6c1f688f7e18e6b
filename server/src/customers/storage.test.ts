import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness } from '../testing/harness.js';

describe('customer storage', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('sqlite');
  });
  afterEach(() => h.close());

  // Every request of a website visitor looks them up by their token's hash alone; with millions of
  // identities stored a scan per request would stall the server.
  it('finds a visitor by token hash through an index, not by reading every identity', async () => {
    const { rows } = await sql<{ detail: string }>`explain query plan
      select customers.id from customer_identities inner join customers on customers.id = customer_identities.customer_id
      where customer_identities.external_id = ${'hash'}`.execute(h.storage.db);
    const plan = rows.map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SEARCH customer_identities USING INDEX customer_identities_external_id/);
    expect(plan).not.toMatch(/SCAN customer_identities/);
  });
});

describe.each(dialects)("a conversation's customer identities on %s", (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(() => h.close());

  // Every offer's view reads its customer's identities on its account (IP, blocked, last message). In a burst of
  // new visitors PostgreSQL, with statistics of a smaller table, read every identity of the account for each.
  it('are read by customer and account through one index, not with every identity of the account', async () => {
    const now = Date.now();
    const { id: accountId } = await h.storage.db
      .insertInto('channel_accounts')
      .values({ type: 'livechat', name: 'Website', key: 'k', target_type: 'queue', target_id: 1, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const customers = await h.storage.db
      .insertInto('customers')
      .values(Array.from({ length: 2000 }, (_, i) => ({ channel: 'livechat' as const, name: `Visitor ${i}`, email: '', phone: '', created_at: now })))
      .returning('id')
      .execute();
    await h.storage.db
      .insertInto('customer_identities')
      .values(customers.map((c, i) => ({ customer_id: c.id, account_id: accountId, external_id: `token-${i}`, created_at: now })))
      .execute();
    const customerId = customers[1234]!.id;
    if (dialect === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`explain query plan
        select max(ip) from customer_identities where customer_id = ${customerId} and account_id = ${accountId}`.execute(h.storage.db);
      expect(rows.map((r) => r.detail).join('\n')).toMatch(/USING INDEX customer_identities_customer_account \(customer_id=\? AND account_id=\?\)/);
      return;
    }
    const { rows } = await sql<{ 'QUERY PLAN': PlanNode[] }>`explain (analyze, format json)
      select max(ip) from customer_identities where customer_id = ${customerId} and account_id = ${accountId}`.execute(h.storage.db);
    const plan = rows[0]!['QUERY PLAN'][0]!.Plan;
    expect(scans(plan).map((s) => s['Actual Rows'])).toEqual(expect.arrayContaining([1]));
    expect(Math.max(...scans(plan).map((s) => s['Actual Rows']))).toBeLessThan(10);
  });
});

interface PlanNode {
  Plan: PlanNode;
  'Node Type': string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

/** The plan's nodes that read a table or an index, with the rows each found. */
function scans(node: PlanNode): PlanNode[] {
  const own = /Scan/.test(node['Node Type']) ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}
