import type { AddMembers, Conversation, RenameConversation, SystemNote } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { ConversationPermission } from '../access/conversation-rules.js';
import type { Clock } from '../clock.js';
import type { ConversationCore, MembersSnapshot, RemovalReason } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import { errors } from '../http/errors.js';
import { chatStorage } from './storage.js';

/** The most colleagues a group chat holds (as many as it can be created with). */
const MAX_GROUP_MEMBERS = 501;

interface GroupChange {
  /** The system line that tells the members what happened, in each reader's language. */
  note: SystemNote;
  body: string;
  /** Set when colleagues leave the conversation (they get `conversation.removed` with this reason). */
  removal?: RemovalReason;
}

/**
 * A group chat's name and members: its creator and the admins among its members rename it and add and
 * remove colleagues, every member may leave. Each change is one transaction holding the conversation's
 * lock, judged there again, with a system line for the members and the events for everyone concerned.
 */
export class GroupChatService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
  ) {}

  async rename(actor: Actor, conversationId: number, input: RenameConversation): Promise<Conversation> {
    await this.access.require(actor, 'conversation.rename', conversationId);
    await this.change(actor, conversationId, 'conversation.rename', async (trx) => {
      await this.core.update(trx, conversationId, { title: input.title });
      return { note: { kind: 'group_renamed', byName: actor.name, title: input.title }, body: `${actor.name} renamed the group to ${input.title}` };
    });
    return this.view(actor, conversationId);
  }

  async addMembers(actor: Actor, conversationId: number, input: AddMembers): Promise<Conversation> {
    await this.access.require(actor, 'conversation.members', conversationId);
    const userIds = [...new Set(input.userIds)];
    if ((await chatStorage.activeUserCount(this.db, userIds)) !== userIds.length) throw errors.notFound('User');
    await this.change(actor, conversationId, 'conversation.members', async (trx, before) => {
      const added = userIds.filter((id) => !before.has(id));
      if (added.length === 0) return undefined;
      if (before.size + added.length > MAX_GROUP_MEMBERS) throw errors.validation(`body.userIds: a group chat holds at most ${MAX_GROUP_MEMBERS} colleagues`);
      await this.core.setMembers(trx, conversationId, added, 'member', false);
      const names = await chatStorage.userNames(trx, added);
      return { note: { kind: 'members_added', byName: actor.name, names }, body: `${actor.name} added ${names.join(', ')}` };
    });
    return this.view(actor, conversationId);
  }

  async removeMember(actor: Actor, conversationId: number, userId: number): Promise<Conversation> {
    await this.access.require(actor, 'conversation.members', conversationId);
    if (userId === actor.id) throw errors.validation('params.userId: to leave the group, use leave');
    await this.change(actor, conversationId, 'conversation.members', async (trx, before) => {
      if (!before.has(userId)) throw errors.notFound('Member');
      await this.core.removeMembers(trx, conversationId, [userId]);
      const [name = ''] = await chatStorage.userNames(trx, [userId]);
      return { note: { kind: 'member_removed', byName: actor.name, name }, body: `${actor.name} removed ${name}`, removal: 'removed_from_group' };
    });
    return this.view(actor, conversationId);
  }

  /** Leaves the group chat: it goes from my list; the others see a line that I left. */
  async leave(actor: Actor, conversationId: number): Promise<void> {
    await this.access.require(actor, 'conversation.leave', conversationId);
    await this.change(actor, conversationId, 'conversation.leave', async (trx) => {
      await this.core.removeMembers(trx, conversationId, [actor.id]);
      return { note: { kind: 'member_left', name: actor.name }, body: `${actor.name} left`, removal: 'left' };
    });
  }

  private async view(actor: Actor, conversationId: number): Promise<Conversation> {
    const [view] = await this.core.views(actor.id, [conversationId]);
    if (!view) throw errors.notFound('Conversation');
    return view;
  }

  /**
   * Runs one change under the conversation's lock: who may make it is judged again on the group as it is
   * now; the system line goes to who is in the group after it, `conversation.created` to who joined,
   * `conversation.removed` to who left, `conversation.updated` to the rest.
   */
  private async change(
    actor: Actor,
    conversationId: number,
    permission: ConversationPermission,
    work: (trx: Db, before: MembersSnapshot) => Promise<GroupChange | undefined>,
  ): Promise<void> {
    await this.core.change(conversationId, async (trx, conversation) => {
      if (!conversation) throw errors.notFound('Conversation');
      await this.access.requireIn(trx, actor, permission, conversationId);
      const before = await this.core.snapshot(trx, conversationId);
      const change = await work(trx, before);
      if (!change) return { value: undefined, envelopes: [] };
      const now = this.clock.now();
      const envelopes: Envelope[] = await this.core.publishChange(
        trx,
        conversationId,
        before,
        { reason: change.removal ?? 'removed_from_group', byName: actor.name },
        now,
        false,
      );
      const posted = await this.core.post(trx, conversationId, { author: 'system', note: change.note, body: change.body });
      return { value: undefined, envelopes: [...envelopes, ...(posted?.envelopes ?? [])] };
    });
  }
}
