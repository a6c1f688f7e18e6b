import type { Conversation, CreateConversation, HistoryQuery, Message, MessagePage, SendMessage } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { appendCustomerEvent, appendEvent } from '../events/storage.js';
import { errors } from '../http/errors.js';
import { GroupCommit } from '../db/group-commit.js';
import { findByClientId, history, insertMessage, type NewMessage } from './messages.js';
import { fileStorage } from '../files/storage.js';
import { chatStorage } from './storage.js';

/** Conversations as colleagues see them: internal chats (direct, group) and the customer chats they are in. */
export class ChatService {
  private readonly sends: GroupCommit;

  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly hub: Hub,
    private readonly clock: Clock,
  ) {
    this.sends = new GroupCommit(db);
  }

  async list(actor: Actor, archived = false): Promise<Conversation[]> {
    const ids = await chatStorage.conversationIdsOf(this.db, actor.id, archived);
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
    const memberIds = input.kind === 'direct' ? [actor.id, input.userId] : [...new Set([actor.id, ...input.userIds])];
    if (input.kind === 'direct' && input.userId === actor.id) throw errors.validation('body.userId: cannot chat with yourself');
    if ((await chatStorage.activeUserCount(this.db, memberIds)) !== memberIds.length) throw errors.notFound('User');

    const directKey = input.kind === 'direct' ? [...memberIds].sort((a, b) => a - b).join(':') : null;
    const existing = directKey ? await chatStorage.findDirect(this.db, directKey) : undefined;
    if (existing) return this.get(actor, existing.id);

    const now = this.clock.now();
    const { id, envelopes } = await this.db.transaction().execute(async (trx) => {
      const id = await chatStorage.insertInternal(trx, {
        kind: input.kind,
        title: input.kind === 'group' ? input.title : '',
        directKey,
        memberIds,
        now,
      });
      if (id === undefined) return { id: undefined, envelopes: [] };
      const views = await chatStorage.viewsFor(trx, id, memberIds);
      return { id, envelopes: await appendEvent(trx, memberIds, (userId) => ({ type: 'conversation.created', conversation: views.get(userId)! }), now) };
    });
    this.hub.publish(envelopes);
    if (id === undefined) return this.create(actor, input);
    return this.get(actor, id);
  }

  async history(actor: Actor, conversationId: number, query: HistoryQuery): Promise<MessagePage> {
    await this.access.require(actor, 'conversation.read', conversationId);
    return history(this.db, conversationId, query.before, query.limit);
  }

  /** Stores and delivers a message; a retry with the same clientId returns the first one and delivers nothing again. */
  async send(actor: Actor, conversationId: number, input: SendMessage): Promise<Message> {
    await this.access.require(actor, 'conversation.send', conversationId);
    // A blocked visitor's widget is cut off: the message would wait unseen until the block is lifted.
    if (await chatStorage.customerBlocked(this.db, conversationId)) throw errors.customerBlocked();
    const message: NewMessage = {
      author: 'user',
      senderId: actor.id,
      senderName: actor.name,
      clientId: input.clientId,
      body: input.body,
      fileIds: input.fileIds,
    };
    const result = await this.sends.run(async (trx) => {
      const posted = await this.post(trx, conversationId, message);
      if (posted) await chatStorage.advanceReadMarker(trx, conversationId, actor.id, posted.message.id);
      return posted;
    });
    if (!result) {
      const previous = await findByClientId(this.db, `u${actor.id}`, input.clientId);
      if (!previous || previous.conversationId !== conversationId) throw errors.conflict('clientId was already used for another message');
      return previous;
    }
    this.hub.publish(result.envelopes);
    return result.message;
  }

  /**
   * Inserts a message into a conversation inside the caller's transaction and writes the events that
   * deliver it: to every colleague who sees the conversation, and to the customer of an external one.
   */
  async post(trx: Db, conversationId: number, message: NewMessage): Promise<{ message: Message; envelopes: Envelope[] } | undefined> {
    const now = this.clock.now();
    const stored = await insertMessage(trx, conversationId, message, now);
    if (!stored) return undefined;
    if (message.author !== 'system' && message.fileIds?.length) {
      const uploader = message.author === 'user' ? { user: message.senderId } : { customer: message.customerId };
      stored.attachments = await fileStorage.attach(trx, stored.id, conversationId, message.fileIds, uploader);
    }
    const { customer_id: customerId } = await chatStorage.touchConversation(trx, conversationId, now);
    const members = await chatStorage.activeMemberIds(trx, conversationId);
    const envelopes = await appendEvent(trx, members, { type: 'message.created', message: stored }, now);
    if (customerId !== null) {
      envelopes.push(await appendCustomerEvent(trx, customerId, { type: 'message.created', message: stored }, now));
    }
    return { message: stored, envelopes };
  }

  async markRead(actor: Actor, conversationId: number, messageId: number): Promise<void> {
    await this.access.require(actor, 'conversation.read', conversationId);
    if (!(await chatStorage.messageInConversation(this.db, conversationId, messageId))) throw errors.notFound('Message');
    const now = this.clock.now();
    const envelopes = await this.db.transaction().execute(async (trx) => {
      if (!(await chatStorage.advanceReadMarker(trx, conversationId, actor.id, messageId))) return [];
      const members = await chatStorage.activeMemberIds(trx, conversationId);
      const event = { type: 'conversation.read', conversationId, userId: actor.id, lastReadMessageId: messageId } as const;
      return appendEvent(trx, members, event, now);
    });
    this.hub.publish(envelopes);
  }
}
