import type { Conversation, CreateConversation, HistoryQuery, Message, MessagePage, SendMessage } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { ConversationCore, Posted } from '../conversations/core.js';
import type { NewMessage } from '../conversations/messages.js';
import type { Db } from '../db/database.js';
import { appendEvent } from '../events/storage.js';
import { errors } from '../http/errors.js';
import { SendWriter } from './send-writer.js';
import { chatStorage } from './storage.js';
import { accountStorage } from '../channels/accounts/storage.js';
import { capabilitiesOf, replyWindowClosesAt } from '../channels/capabilities.js';
import { customerStorage } from '../customers/storage.js';

/** Conversations as colleagues see them: internal chats (direct, group) and the customer chats they are in. */
export class ChatService {
  private readonly sends: SendWriter;

  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
    /** Sends a second from which they are written in the SQLite writer thread (SQLITE_WRITER_FROM_RATE). */
    offloadFromRate = 4000,
  ) {
    this.sends = new SendWriter(db, clock, offloadFromRate);
  }

  async list(actor: Actor, archived = false): Promise<Conversation[]> {
    const ids = await this.core.conversationIdsOf(actor.id, archived);
    return this.core.views(actor.id, ids);
  }

  async get(actor: Actor, conversationId: number): Promise<Conversation> {
    await this.access.require(actor, 'conversation.read', conversationId);
    const [view] = await this.core.views(actor.id, [conversationId]);
    if (!view) throw errors.notFound('Conversation');
    return view;
  }

  /** Opens a chat; a direct chat with the same colleague is found rather than created twice. */
  async create(actor: Actor, input: CreateConversation): Promise<Conversation> {
    const memberIds = input.kind === 'direct' ? [actor.id, input.userId] : [...new Set([actor.id, ...input.userIds])];
    if (input.kind === 'direct' && input.userId === actor.id) throw errors.validation('body.userId: cannot chat with yourself');
    if ((await chatStorage.activeUserCount(this.db, memberIds)) !== memberIds.length) throw errors.notFound('User');

    const directKey = input.kind === 'direct' ? [...memberIds].sort((a, b) => a - b).join(':') : null;
    const existing = directKey ? await this.core.findDirect(directKey) : undefined;
    if (existing) return this.get(actor, existing.id);

    const now = this.clock.now();
    const id = await this.core.inTransaction(async (trx) => {
      const id = await this.core.createInternal(trx, {
        kind: input.kind,
        title: input.kind === 'group' ? input.title : '',
        directKey,
        memberIds,
        now,
        createdBy: actor.id,
      });
      if (id === undefined) return { value: undefined, envelopes: [] };
      const views = await this.core.viewsFor(trx, id, memberIds);
      return {
        value: id,
        envelopes: await appendEvent(trx, memberIds, (userId) => ({ type: 'conversation.created', conversation: views.get(userId)! }), now),
      };
    });
    if (id === undefined) return this.create(actor, input);
    return this.get(actor, id);
  }

  async history(actor: Actor, conversationId: number, query: HistoryQuery): Promise<MessagePage> {
    await this.access.require(actor, 'conversation.read', conversationId);
    return this.core.history(conversationId, query.before, query.limit);
  }

  /** Told when a colleague read a conversation up to a message (channels pass it on to the customer's app). */
  onRead: (conversationId: number, messageId: number) => void = () => {};
  /** Told when a reply was put in the outbox (wakes its sender). */
  onOutbox: () => void = () => {};

  /** Stores and delivers a message; a retry with the same clientId returns the first one and delivers nothing again. */
  async send(actor: Actor, conversationId: number, input: SendMessage): Promise<Message> {
    const facts = await this.access.requireOnConversation(actor, 'conversation.send', conversationId);
    // Colleagues' own chats reach no customer: nothing can stand in the way of a reply.
    if (facts.state !== 'internal') await this.assertCanReply(conversationId, input, false);
    return this.deliver(actor, conversationId, {
      author: 'user',
      senderId: actor.id,
      senderName: actor.name,
      clientId: input.clientId,
      body: input.body,
      fileIds: input.fileIds,
    });
  }

  /**
   * A messaging app's approved template message (WhatsApp): allowed outside the reply window; `body` is its
   * text as the customer will read it. The channel-specific checks (the template exists) are the caller's.
   */
  async sendTemplate(
    actor: Actor,
    conversationId: number,
    input: { clientId: string; body: string; template: { name: string; language: string; parameters: string[] } },
  ): Promise<Message> {
    await this.access.require(actor, 'conversation.send', conversationId);
    await this.assertCanReply(conversationId, { clientId: input.clientId, body: input.body }, true);
    return this.deliver(actor, conversationId, {
      author: 'user',
      senderId: actor.id,
      senderName: actor.name,
      clientId: input.clientId,
      body: input.body,
      template: input.template,
    });
  }

  private async deliver(actor: Actor, conversationId: number, message: NewMessage & { author: 'user' }): Promise<Message> {
    const result = await this.sends.write({ conversationId, message });
    if (!result) {
      const previous = await this.core.findByClientId(`u${actor.id}`, message.clientId);
      if (!previous || previous.conversationId !== conversationId) throw errors.conflict('clientId was already used for another message');
      return previous;
    }
    this.core.publish(result.envelopes);
    if (result.message.delivery) this.onOutbox();
    return result.message;
  }

  /**
   * Inserts a message into a conversation inside the caller's transaction and writes the events that
   * deliver it. Kept for the features that post through the chat; it is `ConversationCore.post`.
   */
  post(trx: Db, conversationId: number, message: NewMessage): Promise<Posted | undefined> {
    return this.core.post(trx, conversationId, message);
  }

  /**
   * Refuses a reply that could not reach the customer: to a blocked customer, past a messaging app's
   * reply window (WhatsApp's 24 hours; a template can still be sent), or with files the channel cannot carry.
   */
  private async assertCanReply(conversationId: number, input: SendMessage, template: boolean): Promise<void> {
    const target = await this.core.sendTarget(conversationId);
    if (!target?.channel || target.customer_id === null) {
      if (template) throw errors.validation('Template messages are for messaging-app chats');
      return;
    }
    // A blocked visitor's widget is cut off: the message would wait unseen until the block is lifted.
    if (await customerStorage.blockedOn(this.db, target.customer_id, target.account_id)) throw errors.customerBlocked();
    // An SMS customer who texted STOP: Twilio would refuse (21610), and sending anyway breaks carrier rules.
    if (target.account_id !== null && (await customerStorage.optedOutOn(this.db, target.customer_id, target.account_id))) throw errors.customerOptedOut();
    const capabilities = capabilitiesOf(target.channel);
    if (input.fileIds?.length && !capabilities.files) throw errors.notSupportedByChannel('files', target.channel);
    if (template && !capabilities.templates) throw errors.notSupportedByChannel('templates', target.channel);
    if (!template && capabilities.replyWindowMs !== null && target.account_id !== null) {
      const last = await customerStorage.lastInboundAt(this.db, target.customer_id, target.account_id);
      const account = await accountStorage.byId(this.db, target.account_id);
      const closesAt = replyWindowClosesAt(target.channel, last, account?.settings);
      if (closesAt === null || closesAt <= this.clock.now()) throw errors.replyWindowClosed(closesAt ?? 0);
    }
  }

  async markRead(actor: Actor, conversationId: number, messageId: number): Promise<void> {
    await this.access.require(actor, 'conversation.read', conversationId);
    if (!(await this.core.messageInConversation(conversationId, messageId))) throw errors.notFound('Message');
    const now = this.clock.now();
    const read = await this.core.inTransaction(async (trx) => {
      if (!(await this.core.advanceReadMarker(trx, conversationId, actor.id, messageId))) return { value: false, envelopes: [] };
      const event = { type: 'conversation.read', conversationId, userId: actor.id, lastReadMessageId: messageId } as const;
      const envelopes = await this.core.publishToMembers(trx, conversationId, event, now);
      return { value: envelopes.length > 0, envelopes };
    });
    if (read) this.onRead(conversationId, messageId);
  }
}
