import type { AnyDb, DialectName } from '../dialect.js';

/**
 * A conversation's view reads its customer's identities on its account (their IP, whether they are blocked,
 * their last message) by customer and account. With an index on the customer alone, PostgreSQL, whose
 * statistics still described a small table during a burst of new visitors, combined it with the unique
 * (account_id, external_id) index and so read every identity of the account for each conversation: a batch
 * of 100 offers spent ~20 ms in that one statement. One index on both columns finds the rows whatever the
 * statistics say, and still serves lookups by customer alone.
 */
export function identityByCustomerAccountMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema.createIndex('customer_identities_customer_account').on('customer_identities').columns(['customer_id', 'account_id']).execute();
      await db.schema.dropIndex('customer_identities_customer').execute();
    },
  };
}
