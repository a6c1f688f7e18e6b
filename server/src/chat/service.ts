import type { Conversation, CreateConversation, HistoryQuery, Message, MessagePage, SendMessage } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Hub } from '../events/hub.js';
import { appendEvent } from '../events/storage.js';
import { errors } from '../http/errors.js';
import { chatStorage, toMessage } from './storage.js';

/** Internal chat between colleagues: direct (one per pair) and group conversations. */
export class ChatService {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly hub: Hub,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<Conversation[]> {
    const ids = await chatStorage.conversationIdsOf(this.db, actor.id);
    return chatStorage.views(this.db, actor.id, ids);
  }

  async get(actor: Actor, conversationId: number): Promise<Conversation> {
    await this.access.require(actor, 'conversation.read', conversationId);
    const [view] = await chatStorage.views(this.db, actor.id, [conversationId]);
    if (!view) throw errors.notFound('Conversation');
    return view;
  }

  /** Opens a chat; a direct chat with the same colleague is found rather than created twice. */
  async create(actor: Actor, input: CreateConversation): Promise<Conversation> {
    const memberIds =
      input.kind === 'direct' ? [actor.id, input.userId] : [...new Set([actor.id, ...input.userIds])];
    if (input.kind === 'direct' && input.userId === actor.id) throw errors.validation('body.userId: cannot chat with yourself');
    if ((await chatStorage.activeUserCount(this.db, memberIds)) !== memberIds.length) throw errors.notFound('User');

    const directKey = input.kind === 'direct' ? [...memberIds].sort((a, b) => a - b).join(':') : null;
    const existing = directKey ? await chatStorage.findDirect(this.db, directKey) : undefined;
    if (existing) return this.get(actor, existing.id);

    const now = this.clock.now();
    const { id, envelopes } = await this.db.transaction().execute(async (trx) => {
      const id = await chatStorage.insertConversation(trx, {
        kind: input.kind,
        title: input.kind === 'group' ? input.title : '',
        directKey,
        memberIds,
        now,
      });
      if (id === undefined) return { id: undefined, envelopes: [] };
      const [conversation] = await chatStorage.views(trx, actor.id, [id]);
      return { id, envelopes: await appendEvent(trx, memberIds, { type: 'conversation.created', conversation: conversation! }, now) };
    });
    this.hub.publish(envelopes);
    if (id === undefined) return this.create(actor, input);
    return this.get(actor, id);
  }

  async history(actor: Actor, conversationId: number, query: HistoryQuery): Promise<MessagePage> {
    await this.access.require(actor, 'conversation.read', conversationId);
    return chatStorage.history(this.db, conversationId, query.before, query.limit);
  }

  /** Stores and delivers a message; a retry with the same clientId returns the first one and delivers nothing again. */
  async send(actor: Actor, conversationId: number, input: SendMessage): Promise<Message> {
    await this.access.require(actor, 'conversation.send', conversationId);
    const now = this.clock.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await chatStorage.insertMessage(trx, {
        conversation_id: conversationId,
        sender_id: actor.id,
        client_id: input.clientId,
        body: input.body,
        created_at: now,
      });
      if (!row) return undefined;
      const message = toMessage(row);
      await chatStorage.touchConversation(trx, conversationId, now);
      await chatStorage.advanceReadMarker(trx, conversationId, actor.id, message.id);
      const members = await chatStorage.memberIds(trx, conversationId);
      return { message, envelopes: await appendEvent(trx, members, { type: 'message.created', message }, now) };
    });
    if (!result) return this.previouslySent(actor, conversationId, input.clientId);
    this.hub.publish(result.envelopes);
    return result.message;
  }

  async markRead(actor: Actor, conversationId: number, messageId: number): Promise<void> {
    await this.access.require(actor, 'conversation.read', conversationId);
    if (!(await chatStorage.messageInConversation(this.db, conversationId, messageId))) throw errors.notFound('Message');
    const now = this.clock.now();
    const envelopes = await this.db.transaction().execute(async (trx) => {
      if (!(await chatStorage.advanceReadMarker(trx, conversationId, actor.id, messageId))) return [];
      const members = await chatStorage.memberIds(trx, conversationId);
      const event = { type: 'conversation.read', conversationId, userId: actor.id, lastReadMessageId: messageId } as const;
      return appendEvent(trx, members, event, now);
    });
    this.hub.publish(envelopes);
  }

  private async previouslySent(actor: Actor, conversationId: number, clientId: string): Promise<Message> {
    const row = await chatStorage.findByClientId(this.db, actor.id, clientId);
    if (!row || row.conversation_id !== conversationId) {
      throw errors.conflict('clientId was already used for another message');
    }
    return toMessage(row);
  }
}
