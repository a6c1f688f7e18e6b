import type { EditMessage, Message, MessageRules } from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import { mayChangeMessage } from '../access/message-rules.js';
import type { Clock } from '../clock.js';
import type { ConversationCore } from '../conversations/core.js';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';

/**
 * Edit and delete my own message in an internal chat for a while (MESSAGE_EDIT_MINUTES); everybody in the
 * chat gets `message.updated` and sees the "edited" or "deleted" mark. A customer's copy cannot be taken back.
 */
export class MessageEditsService {
  constructor(
    private readonly access: Access,
    private readonly core: ConversationCore,
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  /** The window the client counts down, so it offers Edit and Delete exactly while the server allows them. */
  async rules(actor: Actor): Promise<MessageRules> {
    await this.access.require(actor, 'messages.rules');
    return { editWindowMs: this.windowMs };
  }

  edit(actor: Actor, messageId: number, input: EditMessage): Promise<Message> {
    return this.change(actor, messageId, (trx) => this.core.editMessage(trx, messageId, input.body));
  }

  delete(actor: Actor, messageId: number): Promise<Message> {
    return this.change(actor, messageId, (trx) => this.core.deleteMessage(trx, messageId));
  }

  private async change(actor: Actor, messageId: number, work: (trx: Db) => ReturnType<ConversationCore['editMessage']>): Promise<Message> {
    const facts = await this.core.messageFacts(messageId);
    if (!facts) throw errors.notFound('Message');
    await this.access.require(actor, 'conversation.read', facts.conversation_id);
    await this.core.change(facts.conversation_id, async (trx) => {
      // Judged under the conversation's lock: still a member, still within the window, not deleted meanwhile.
      const now = await this.core.messageFacts(messageId, trx);
      const member = await this.access.allowedIn(trx, actor, 'conversation.send', facts.conversation_id);
      if (!now) throw errors.notFound('Message');
      const allowed = mayChangeMessage({
        own: now.author === 'user' && now.sender_id === actor.id,
        internal: now.kind !== 'external',
        member,
        deleted: now.deleted_at !== null,
        ageMs: this.clock.now() - now.created_at,
        windowMs: this.windowMs,
      });
      if (!allowed) throw errors.forbidden(refusal(now.kind === 'external'));
      return { value: undefined, envelopes: await work(trx) };
    });
    const message = await this.core.messageById(messageId);
    if (!message) throw errors.notFound('Message');
    return message;
  }
}

function refusal(external: boolean): string {
  return external
    ? 'A message to a customer cannot be changed or unsent once it was sent'
    : 'Only your own messages can be changed, and only for a while after sending';
}
