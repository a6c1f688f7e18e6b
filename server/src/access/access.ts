import type { Role } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';

export interface Actor {
  id: number;
  role: Role;
}

/**
 * The single permission vocabulary. Every service method that touches a protected
 * resource starts with `access.require(actor, permission, id)`.
 */
export type Permission =
  | 'conversation.read'
  | 'conversation.send'
  | 'users.manage'
  | 'groups.manage'
  | 'contact.edit';

type Check = (db: Db, actor: Actor, id: number) => Promise<boolean>;

const isAdmin = async (_db: Db, actor: Actor) => actor.role === 'admin';

async function isConversationMember(db: Db, actor: Actor, conversationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('conversation_members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  return row !== undefined;
}

async function ownsContact(db: Db, actor: Actor, contactId: number): Promise<boolean> {
  const row = await db.selectFrom('contacts').select('owner_id').where('id', '=', contactId).executeTakeFirst();
  return row?.owner_id === actor.id;
}

/** Who may do what. An admin manages accounts but reads no private chat: conversations check membership only. */
const rules: Record<Permission, Check> = {
  'conversation.read': isConversationMember,
  'conversation.send': isConversationMember,
  'users.manage': isAdmin,
  'groups.manage': isAdmin,
  'contact.edit': ownsContact,
};

/** What a refused resource is called in the 404/403 message. */
const resourceNames: Partial<Record<Permission, string>> = {
  'conversation.read': 'Conversation',
  'conversation.send': 'Conversation',
  'contact.edit': 'Contact',
};

export class Access {
  constructor(private readonly db: Db) {}

  async require(actor: Actor, permission: Permission, id = 0): Promise<void> {
    if (await rules[permission](this.db, actor, id)) return;
    const name = resourceNames[permission];
    if (name && !(await this.exists(permission, id))) throw errors.notFound(name);
    throw errors.forbidden(name ? `You have no access to this ${name.toLowerCase()}` : 'You may not do this');
  }

  private async exists(permission: Permission, id: number): Promise<boolean> {
    const table = permission === 'contact.edit' ? 'contacts' : 'conversations';
    const row = await this.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }
}
