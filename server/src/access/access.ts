import type { Role } from '@switchboard/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';

export interface Actor {
  id: number;
  role: Role;
  name: string;
}

/**
 * The single permission vocabulary. Every service method that touches a protected
 * resource starts with `access.require(actor, permission, id)`.
 */
export type Permission =
  | 'conversation.read'
  | 'conversation.send'
  | 'conversation.archive'
  | 'conversation.take'
  | 'conversation.transfer'
  | 'conversation.close'
  | 'conversation.delete'
  | 'queue.view'
  | 'queues.manage'
  | 'users.manage'
  | 'groups.manage'
  | 'widgets.manage'
  | 'blocks.manage'
  | 'contact.edit'
  /** On a file: read it; a sent file like its conversation, one not yet sent only its uploader. */
  | 'file.read'
  /** On a group: use its quick-response templates (its members; admins). */
  | 'templates.use'
  /** On a group: create, edit and delete its templates and categories (its managers; admins). */
  | 'templates.manage';

/** What the rules need to know about an actor and one conversation. */
interface ConversationFacts {
  external: boolean;
  role: 'member' | 'offered' | 'owner' | 'former' | null;
  /** An admin, or a manager of the queue the conversation belongs to: may handle any customer chat there. */
  supervisor: boolean;
  lastOwner: boolean;
  actorIsAdmin: boolean;
}

type ConversationRule = (facts: ConversationFacts) => boolean;

/**
 * Who may do what with a conversation. An admin manages accounts but reads no private chat:
 * internal chats admit their members only; customer chats also admit the queue's supervisors.
 */
const conversationRules: Record<Extract<Permission, `conversation.${string}`>, ConversationRule> = {
  'conversation.read': (f) => f.role !== null || (f.external && f.supervisor),
  'conversation.archive': (f) => f.role !== null,
  'conversation.send': (f) => f.role === 'member' || f.role === 'offered' || f.role === 'owner',
  'conversation.take': (f) => f.external && (f.role !== null || f.supervisor),
  'conversation.transfer': (f) => f.external && (f.role !== null || f.supervisor),
  'conversation.close': (f) => f.external && (f.role === 'owner' || f.role === 'offered' || f.supervisor),
  'conversation.delete': (f) => f.external && (f.role === 'owner' || f.role === 'former' || f.lastOwner || f.actorIsAdmin),
};

export class Access {
  constructor(private readonly db: Db) {}

  async require(actor: Actor, permission: Permission, id = 0): Promise<void> {
    if (await this.allowed(actor, permission, id)) return;
    throw errors.forbidden(this.refusal(permission));
  }

  async allowed(actor: Actor, permission: Permission, id = 0): Promise<boolean> {
    switch (permission) {
      case 'users.manage':
      case 'groups.manage':
      case 'queues.manage':
      case 'widgets.manage':
      case 'blocks.manage':
        return actor.role === 'admin';
      case 'queue.view':
        return actor.role === 'admin' || (await this.inQueue(actor.id, id));
      case 'contact.edit':
        return this.ownsContact(actor.id, id);
      case 'file.read':
        return this.mayReadFile(actor, id);
      case 'templates.use':
      case 'templates.manage':
        return actor.role === 'admin' || (await this.inGroup(actor.id, id, permission === 'templates.manage'));
      default: {
        const facts = await this.conversationFacts(actor, id);
        return conversationRules[permission](facts);
      }
    }
  }

  /** A live chat visitor (customer) may read the files of their own conversation and their own uploads. */
  async requireVisitor(customerId: number, permission: Extract<Permission, 'file.read'>, id: number): Promise<void> {
    const file = await this.fileFacts(id);
    const own = file.uploaded_by_customer === customerId || (file.attached && file.customer_id === customerId);
    if (!own) throw errors.forbidden(this.refusal(permission));
  }

  /** An admin, or a manager of the conversation's queue. */
  async supervises(actor: Actor, conversationId: number): Promise<boolean> {
    return (await this.conversationFacts(actor, conversationId)).supervisor;
  }

  private refusal(permission: Permission): string {
    if (permission.startsWith('conversation.')) return 'You have no access to this conversation';
    if (permission === 'contact.edit') return 'This is not your contact';
    if (permission === 'file.read') return 'You have no access to this file';
    if (permission === 'templates.use') return 'You are not a member of this group';
    if (permission === 'templates.manage') return 'Only the managers of this group may change its templates';
    return 'You may not do this';
  }

  private async conversationFacts(actor: Actor, conversationId: number): Promise<ConversationFacts> {
    // SQL text: this check runs before every message sent, and building it cost more than running it.
    const { rows } = await sql<{ kind: string; last_owner_id: number | null; role: ConversationFacts['role']; manager: number | null }>`
      select c.kind, c.last_owner_id, me.role, qm.user_id as manager
      from conversations c
      left join conversation_members me on me.conversation_id = c.id and me.user_id = ${actor.id}
      left join queue_managers qm on qm.queue_id = c.queue_id and qm.user_id = ${actor.id}
      where c.id = ${conversationId}`.execute(this.db);
    const row = rows[0];
    if (!row) throw errors.notFound('Conversation');
    return {
      external: row.kind === 'external',
      role: row.role ?? null,
      supervisor: actor.role === 'admin' || row.manager !== null,
      lastOwner: row.last_owner_id === actor.id,
      actorIsAdmin: actor.role === 'admin',
    };
  }

  private async inQueue(userId: number, queueId: number): Promise<boolean> {
    const [agent, manager] = await Promise.all([
      this.db.selectFrom('queue_agents').select('user_id').where('queue_id', '=', queueId).where('user_id', '=', userId).executeTakeFirst(),
      this.db.selectFrom('queue_managers').select('user_id').where('queue_id', '=', queueId).where('user_id', '=', userId).executeTakeFirst(),
    ]);
    return agent !== undefined || manager !== undefined;
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
