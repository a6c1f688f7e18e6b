import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Website visitors are found by their token's hash alone (any live chat account), on every visitor
 * request. The unique (account_id, external_id) index cannot serve a lookup without the account, so
 * each one scanned every identity ever stored.
 */
export function visitorTokenIndexMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema.createIndex('customer_identities_external_id').on('customer_identities').column('external_id').execute();
    },
  };
}
