import type { ChannelType } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { likeContains } from '../db/dialect.js';

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

/** Every request and socket of a website visitor starts here. */

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

  /** The customer's last message through this account (any of their ids there). */
  lastInboundAt: async (db: Db, customerId: number, accountId: number): Promise<number | null> => {
    const row = await db
      .selectFrom('customer_identities')
      .select((eb) => eb.fn.max('last_inbound_at').as('t'))
      .where('customer_id', '=', customerId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.t === null || row?.t === undefined ? null : Number(row.t);
  },

  /** SMS STOP / START: recorded on the identity the message came from. */
  setOptedOut: (db: Db, customerId: number, accountId: number, externalId: string, optedOut: boolean) =>
    db
      .updateTable('customer_identities')
      .set({ opted_out: Number(optedOut) })
      .where('customer_id', '=', customerId)
      .where('account_id', '=', accountId)
      .where('external_id', '=', externalId)
      .execute(),

  /** Whether every identity of the customer on this account opted out (then nothing can reach them there). */
  async optedOutOn(db: Db, customerId: number, accountId: number): Promise<boolean> {
    const rows = await customerStorage.identities(db, customerId, accountId);
    return rows.length > 0 && rows.every((r) => r.opted_out === 1);
  },

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

  /**
   * Makes `from` part of `into`: its identities and uploads move over, details `into` lacks are taken
   * from it, and it goes. (Its chats are moved by the conversation owner, customer-chat storage.)
   */
  async merge(db: Db, into: number, from: number): Promise<void> {
    const [a, b] = await Promise.all([customerStorage.byId(db, into), customerStorage.byId(db, from)]);
    if (!a || !b) return;
    await db.updateTable('customer_identities').set({ customer_id: into }).where('customer_id', '=', from).execute();
    await db.updateTable('files').set({ uploaded_by_customer: into }).where('uploaded_by_customer', '=', from).execute();
    await customerStorage.update(db, into, { name: a.name || b.name, email: a.email || b.email, phone: a.phone || b.phone });
    await db.deleteFrom('customer_events').where('customer_id', '=', from).execute();
  },

  /** Removes a customer merged into another (after its chats were moved). */
  remove: (db: Db, id: number) => db.deleteFrom('customers').where('id', '=', id).execute(),

  /** Customers whose name, email or number contains the text, most recent first. */
  async search(db: Db, q: string, limit: number) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'name', 'email', 'phone', 'created_at'])
      .where((eb) => eb.or([likeContains('name', q), likeContains('email', q), likeContains('phone', q)]))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const ids = rows.map((r) => r.id);
    const channels = ids.length
      ? await db
          .selectFrom('customer_identities')
          .innerJoin('channel_accounts', 'channel_accounts.id', 'customer_identities.account_id')
          .select(['customer_identities.customer_id', 'channel_accounts.type'])
          .where('customer_identities.customer_id', 'in', ids)
          .execute()
      : [];
    const seen = ids.length
      ? await db
          .selectFrom('conversations')
          .select((eb) => ['customer_id', eb.fn.max('last_activity_at').as('t')])
          .where('customer_id', 'in', ids)
          .groupBy('customer_id')
          .execute()
      : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      channels: [...new Set(channels.filter((c) => c.customer_id === r.id).map((c) => c.type))],
      lastSeenAt: Number(seen.find((s) => s.customer_id === r.id)?.t ?? r.created_at),
    }));
  },

  update: (db: Db, id: number, changes: Partial<{ name: string; phone: string; email: string }>) =>
    db.updateTable('customers').set(changes).where('id', '=', id).execute(),
};
