import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
