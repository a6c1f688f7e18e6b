import type { Contact, ContactInput } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import { likeContains } from '../db/dialect.js';
import type { ContactsTable } from '../db/schema.js';

type Row = Pick<ContactsTable, 'name' | 'company' | 'phones' | 'emails'> & { id: number };

const columns = ['id', 'name', 'company', 'phones', 'emails'] as const;

function toContact(row: Row): Contact {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    phones: JSON.parse(row.phones) as string[],
    emails: JSON.parse(row.emails) as string[],
  };
}

/** Phone numbers are also indexed by their digits alone, so "+49 30 1234" finds "+4930-1234". */
function searchText(input: ContactInput): string {
  const digits = input.phones.map((p) => p.replace(/\D/g, ''));
  return [input.name, input.company, ...input.phones, ...digits, ...input.emails].join(' ').toLowerCase();
}

function toRow(input: ContactInput) {
  return {
    name: input.name,
    company: input.company,
    phones: JSON.stringify(input.phones),
    emails: JSON.stringify(input.emails),
    search_text: searchText(input),
  };
}

export const contactsStorage = {
  async list(db: Db, ownerId: number, text?: string): Promise<Contact[]> {
    let query = db.selectFrom('contacts').select(columns).where('owner_id', '=', ownerId).orderBy('name');
    for (const word of (text ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
      query = query.where(likeContains('search_text', word));
    }
    return (await query.limit(500).execute()).map(toContact);
  },

  async insert(db: Db, ownerId: number, input: ContactInput, now: number): Promise<Contact> {
    const row = await db
      .insertInto('contacts')
      .values({ ...toRow(input), owner_id: ownerId, created_at: now })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toContact(row);
  },

  async update(db: Db, id: number, input: ContactInput): Promise<Contact> {
    const row = await db.updateTable('contacts').set(toRow(input)).where('id', '=', id).returning(columns).executeTakeFirstOrThrow();
    return toContact(row);
  },

  remove: (db: Db, id: number) => db.deleteFrom('contacts').where('id', '=', id).execute(),
};
