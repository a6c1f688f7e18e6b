import type { Contact, ContactInput } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { contactsStorage } from './storage.js';

/** Personal contacts: each user sees and edits only their own. */
export class ContactsService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, text?: string): Promise<Contact[]> {
    return contactsStorage.list(this.db, actor.id, text);
  }

  create(actor: Actor, input: ContactInput): Promise<Contact> {
    return contactsStorage.insert(this.db, actor.id, input, this.clock.now());
  }

  async update(actor: Actor, id: number, input: ContactInput): Promise<Contact> {
    await this.access.require(actor, 'contact.edit', id);
    return contactsStorage.update(this.db, id, input);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.access.require(actor, 'contact.edit', id);
    await contactsStorage.remove(this.db, id);
  }
}
