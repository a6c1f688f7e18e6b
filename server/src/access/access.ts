import type { Role } from '@switchboard/protocol';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import { conversationFactsRead, FactsLoader, takeFactsRead } from './facts-loader.js';
import { accessStorage, type ConversationFactsRow, type TakeFactsRow } from './storage.js';
import { conversationRules, type ConversationFacts, type ConversationPermission } from './conversation-rules.js';

export interface Actor {
  id: number;
  role: Role;
  name: string;
}

/**
 * The single permission vocabulary. Every service method that touches a protected
 * resource starts with `access.require(actor, permission, id)`; a change to a customer chat is
 * judged again with `requireIn` inside the transaction that holds the conversation's row lock.
 */
export type Permission =
  | ConversationPermission
  | 'queue.view'
  | 'queues.manage'
  | 'users.manage'
  /** My own account (display name, password): every signed-in person, on themselves only. */
  | 'account.edit'
  | 'groups.manage'
  /** Channel accounts (live chat widgets, WhatsApp numbers…): create, edit, delete, see their settings. */
  | 'channels.manage'
  /** The channel accounts' names and numbers, to pick one (e.g. to start a WhatsApp chat): every colleague. */
  | 'channels.list'
  | 'blocks.manage'
  /** Organisation-wide settings (Admin › Calls: the click-to-call URL template): admins. */
  | 'settings.manage'
  | 'contact.edit'
  /** On a channel account: start a conversation through it (its queue's agents, its extension's owner; admins). */
  | 'channel.start'
  /**
   * Search the text of messages: every colleague, each in the conversations they are a member of
   * (`search/storage.ts` scopes the query by membership, which is what `conversation.read` admits a participant by).
   */
  | 'messages.search'
  /** Read the rules the server judges my message changes by (the edit window): every colleague. */
  | 'messages.rules'
  /** Find customers by name, number or email (to merge one person's chats): every colleague who answers customers. */
  | 'customers.search'
  /** On a file: read it; a sent file like its conversation, one not yet sent only its uploader. */
  | 'file.read'
  /** On a group: use its quick-response templates (its members; admins). */
  | 'templates.use'
  /** On a group: create, edit and delete its templates and categories (its managers; admins). */
  | 'templates.manage';

export class Access {
  private readonly facts: FactsLoader<ConversationFactsRow>;
  /** Takes of one chat pressed in one turn are judged together (Ring all: fifty agents each time). */
  private readonly takes: FactsLoader<TakeFactsRow>;

  constructor(private readonly db: Db) {
    this.facts = new FactsLoader(db, conversationFactsRead);
    this.takes = new FactsLoader(db, takeFactsRead);
  }

  async require(actor: Actor, permission: Permission, id = 0): Promise<void> {
    if (await this.allowed(actor, permission, id)) return;
    throw errors.forbidden(this.refusal(permission));
  }

  async allowed(actor: Actor, permission: Permission, id = 0): Promise<boolean> {
    switch (permission) {
      case 'users.manage':
      case 'groups.manage':
      case 'queues.manage':
      case 'channels.manage':
      case 'blocks.manage':
      case 'settings.manage':
        return actor.role === 'admin';
      case 'channels.list':
      case 'account.edit':
        return true;
      case 'queue.view':
        return actor.role === 'admin' || (await this.inQueue(actor.id, id));
      case 'contact.edit':
        return this.ownsContact(actor.id, id);
      case 'customers.search':
      case 'messages.search':
      case 'messages.rules':
        return true;
      case 'channel.start':
        return actor.role === 'admin' || (await accessStorage.servesAccount(this.db, actor.id, id));
      case 'file.read':
        return this.mayReadFile(actor, id);
      case 'templates.use':
      case 'templates.manage':
        return actor.role === 'admin' || (await this.inGroup(actor.id, id, permission === 'templates.manage'));
      default:
        return this.allowedIn(this.db, actor, permission, id);
    }
  }

  /**
   * The same check inside a transaction that holds the conversation's row lock, so a change is judged on
   * the chat as it is when it happens, not as it was a moment before (a colleague may have taken it since).
   */
  async requireIn(db: Db, actor: Actor, permission: ConversationPermission, id: number): Promise<void> {
    if (!(await this.allowedIn(db, actor, permission, id))) throw errors.forbidden(this.refusal(permission));
  }

  /**
   * `require` for a permission on a conversation, answering what the rules saw of it, so the caller need
   * not read the conversation again (a send to an internal chat has nothing more to check).
   */
  async requireOnConversation(actor: Actor, permission: ConversationPermission, id: number): Promise<ConversationFacts> {
    const facts = await this.conversationFacts(this.db, actor, id);
    if (!conversationRules[permission](facts)) throw errors.forbidden(this.refusal(permission));
    return facts;
  }

  /**
   * `require(actor, 'conversation.take', id)`, refusing with what the actor may learn: "already taken by …" to
   * someone of the chat's queue (and admins), who may see who answers it; "not offered to you" to anyone else,
   * who learns nothing about the chat. One read for both (most takes in a Ring all burst are refused).
   */
  async requireTake(actor: Actor, conversationId: number): Promise<void> {
    const row = await this.takes.load(actor.id, conversationId);
    if (!row) throw errors.notFound('Conversation');
    if (conversationRules['conversation.take'](factsOf(actor, row))) return;
    const mayKnow = row.queue_id !== null && (actor.role === 'admin' || row.agent !== null || row.manager !== null);
    if (mayKnow && row.owner_name !== null) throw errors.alreadyTaken(row.owner_name);
    throw errors.forbidden('This chat is not offered to you');
  }

  async allowedIn(db: Db, actor: Actor, permission: ConversationPermission, id: number): Promise<boolean> {
    return conversationRules[permission](await this.conversationFacts(db, actor, id));
  }

  /**
   * `allowedIn` for several actors' conversations in the same transaction, with one read: a batch of takes
   * judged under their chats' locks (on PostgreSQL one round trip instead of one per take).
   */
  async allowedAllIn(db: Db, permission: ConversationPermission, asked: readonly { actor: Actor; conversationId: number }[]): Promise<boolean[]> {
    if (asked.length === 0) return [];
    const rows = await accessStorage.conversationFactsFor(
      db,
      asked.map(({ actor, conversationId }) => ({ userId: actor.id, conversationId })),
    );
    return asked.map(({ actor }, i) => {
      const row = rows[i];
      if (!row) throw errors.notFound('Conversation');
      return conversationRules[permission](factsOf(actor, row));
    });
  }

  /** A live chat visitor (customer) may read the files of their own conversation and their own uploads. */
  async requireVisitor(customerId: number, permission: Extract<Permission, 'file.read'>, id: number): Promise<void> {
    const file = await this.fileFacts(id);
    const own = file.uploaded_by_customer === customerId || (file.attached && file.customer_id === customerId);
    if (!own) throw errors.forbidden(this.refusal(permission));
  }

  private refusal(permission: Permission): string {
    if (permission.startsWith('conversation.')) return 'You have no access to this conversation';
    if (permission === 'contact.edit') return 'This is not your contact';
    if (permission === 'file.read') return 'You have no access to this file';
    if (permission === 'templates.use') return 'You are not a member of this group';
    if (permission === 'templates.manage') return 'Only the managers of this group may change its templates';
    return 'You may not do this';
  }

  private async conversationFacts(db: Db, actor: Actor, conversationId: number): Promise<ConversationFacts> {
    const row = db === this.db ? await this.facts.load(actor.id, conversationId) : await accessStorage.conversationFacts(db, actor.id, conversationId);
    if (!row) throw errors.notFound('Conversation');
    return factsOf(actor, row);
  }

  private inQueue(userId: number, queueId: number): Promise<boolean> {
    return accessStorage.inQueue(this.db, userId, queueId);
  }

  private async inGroup(userId: number, groupId: number, asManager: boolean): Promise<boolean> {
    let query = this.db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId);
    if (asManager) query = query.where('is_manager', '=', 1);
    return (await query.executeTakeFirst()) !== undefined;
  }

  private async mayReadFile(actor: Actor, fileId: number): Promise<boolean> {
    const file = await this.fileFacts(fileId);
    if (file.attached && file.conversation_id !== null) return this.allowed(actor, 'conversation.read', file.conversation_id);
    return file.uploaded_by_user === actor.id;
  }

  private async fileFacts(fileId: number) {
    const row = await this.db
      .selectFrom('files as f')
      .leftJoin('conversations as c', 'c.id', 'f.conversation_id')
      .select((eb) => [
        'f.conversation_id',
        'f.uploaded_by_user',
        'f.uploaded_by_customer',
        'c.customer_id',
        eb.exists(eb.selectFrom('message_files as mf').select('mf.file_id').whereRef('mf.file_id', '=', 'f.id')).as('attached'),
      ])
      .where('f.id', '=', fileId)
      .executeTakeFirst();
    if (!row) throw errors.notFound('File');
    return { ...row, attached: Boolean(row.attached) };
  }

  private async ownsContact(userId: number, contactId: number): Promise<boolean> {
    const row = await this.db.selectFrom('contacts').select('owner_id').where('id', '=', contactId).executeTakeFirst();
    if (!row) throw errors.notFound('Contact');
    return row.owner_id === userId;
  }
}

/** A conversation's row as the rules see it, for `actor`. */
function factsOf(actor: Actor, row: ConversationFactsRow): ConversationFacts {
  return {
    state: row.kind === 'external' ? (row.state ?? 'closed') : 'internal',
    role: row.role,
    supervisor: actor.role === 'admin' || row.manager !== null,
    admin: actor.role === 'admin',
    ownedByOther: row.owner_id !== null && row.owner_id !== actor.id,
    lastOwner: row.last_owner_id === actor.id,
    group: row.kind === 'group',
    creator: row.created_by === actor.id,
  };
}
