import type { AnyDb, DialectName } from '../dialect.js';

/**
 * SMS opt-out per identity: a customer who texts STOP must get nothing more from that account (carriers
 * and Twilio refuse it with 21610) until they text START. Kept on the identity, not the customer: the
 * same person may still be written to on another channel.
 */
export function smsOptOutMigration(_dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('customer_identities')
        .addColumn('opted_out', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
