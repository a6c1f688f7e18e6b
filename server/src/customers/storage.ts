import type { ChannelType } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface NewCustomer {
  channel: ChannelType;
  name: string;
  email: string;
  phone: string;
  language: string;
  accountId: number;
  externalId: string;
  ip: string;
  now: number;
}

/**
 * Customers and how they are known on each channel account (customer_identities). A customer has one
 * identity per account and external id; one person on two channels becomes one customer by a merge.
 */
export const customerStorage = {
  byId: (db: Db, id: number) => db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Creates the customer with its first identity; undefined when the identity exists already (a race). */
  async insertWithIdentity(db: Db, c: NewCustomer): Promise<number | undefined> {
    const { id } = await db
      .insertInto('customers')
      .values({ channel: c.channel, name: c.name, email: c.email, phone: c.phone, language: c.language, created_at: c.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const identity = await db
      .insertInto('customer_identities')
      .values({ customer_id: id, account_id: c.accountId, external_id: c.externalId, ip: c.ip, created_at: c.now })
      .onConflict((oc) => oc.columns(['account_id', 'external_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (identity) return id;
    await db.deleteFrom('customers').where('id', '=', id).execute();
    return undefined;
  },

  /** Another id the same customer is known by on this account (e.g. a wa_id beside a business-scoped id). */
  addIdentity: (db: Db, customerId: number, accountId: number, externalId: string, now: number) =>
    db
      .insertInto('customer_identities')
      .values({ customer_id: customerId, account_id: accountId, external_id: externalId, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'external_id']).doNothing())
      .execute(),

  /** The customer behind one of these external ids on the account (the first found). */
  byIdentity: (db: Db, accountId: number, externalIds: string[]) =>
    db
      .selectFrom('customer_identities')
      .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
      .select(['customers.id', 'customers.name', 'customers.email', 'customers.phone', 'customer_identities.ip', 'customer_identities.blocked'])
      .where('customer_identities.account_id', '=', accountId)
      .where('customer_identities.external_id', 'in', externalIds.length ? externalIds : [''])
      .orderBy('customer_identities.id')
      .executeTakeFirst(),

  /** A website visitor by its token's hash: any live chat account (the hash alone is unguessable). */
  visitorByTokenHash: (db: Db, tokenHash: string) =>
    db
      .selectFrom('customer_identities')
      .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
      .select(['customers.id', 'customers.name', 'customers.email', 'customer_identities.ip', 'customer_identities.account_id'])
      .where('customer_identities.external_id', '=', tokenHash)
      .executeTakeFirst(),

  /** The identities of a customer on one account (several when known by more than one id). */
  identities: (db: Db, customerId: number, accountId: number | null) =>
    db
      .selectFrom('customer_identities')
      .selectAll()
      .where('customer_id', '=', customerId)
      .$if(accountId !== null, (q) => q.where('account_id', '=', accountId))
      .orderBy('id')
      .execute(),

  allIdentities: (db: Db, customerId: number) =>
    db
      .selectFrom('customer_identities')
      .leftJoin('channel_accounts', 'channel_accounts.id', 'customer_identities.account_id')
      .select([
        'customer_identities.id',
        'customer_identities.account_id',
        'customer_identities.external_id',
        'channel_accounts.type as account_type',
        'channel_accounts.name as account_name',
      ])
      .where('customer_identities.customer_id', '=', customerId)
      .orderBy('customer_identities.id')
      .execute(),

  /** A new inbound message opens (WhatsApp) or refreshes the reply window. */
  touchInbound: (db: Db, customerId: number, accountId: number, at: number) =>
    sql`update customer_identities set last_inbound_at = ${at}
      where customer_id = ${customerId} and account_id = ${accountId} and (last_inbound_at is null or last_inbound_at < ${at})`.execute(db),

  setBlocked: (db: Db, customerId: number, accountId: number, blocked: boolean) =>
    db
      .updateTable('customer_identities')
      .set({ blocked: Number(blocked) })
      .where('customer_id', '=', customerId)
      .where('account_id', '=', accountId)
      .execute(),

  /** Whether this customer is blocked on the account: their number, or the IP they write from. */
  async blockedOn(db: Db, customerId: number, accountId: number | null): Promise<boolean> {
    const rows = await customerStorage.identities(db, customerId, accountId);
    if (rows.some((r) => r.blocked === 1)) return true;
    const ips = rows.map((r) => r.ip).filter((ip) => ip !== '');
    if (ips.length === 0) return false;
    return (await db.selectFrom('ip_blocks').select('id').where('ip', 'in', ips).executeTakeFirst()) !== undefined;
  },

  ipOf: async (db: Db, customerId: number, accountId: number | null) =>
    (await customerStorage.identities(db, customerId, accountId)).map((r) => r.ip).find((ip) => ip !== '') ?? '',

  update: (db: Db, id: number, changes: Partial<{ name: string; phone: string; email: string }>) =>
    db.updateTable('customers').set(changes).where('id', '=', id).execute(),
};
