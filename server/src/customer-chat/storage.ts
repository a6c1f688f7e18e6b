import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';

const blockOf = prepared((db: Db, ip: string) => db.selectFrom('ip_blocks').select('id').where('ip', '=', ip).limit(1));

/** The customer and IP blocks behind a customer chat; the conversation itself is `conversations/`'. */
export const customerChatStorage = {
  customer: (db: Db, id: number) => db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst(),

  isBlocked: async (db: Db, ip: string) => (await blockOf(db, ip)).length > 0,

  block: (db: Db, ip: string, createdBy: number, customerName: string, now: number) =>
    db
      .insertInto('ip_blocks')
      .values({ ip, created_by: createdBy, customer_name: customerName, created_at: now })
      .onConflict((oc) => oc.column('ip').doNothing())
      .execute(),
};
