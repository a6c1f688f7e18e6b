import type {
  ChannelTemplateList,
  Conversation,
  CustomerSummary,
  Message,
  SendTemplate,
  SmsSettings,
  StartChannelConversation,
  StartTextConversation,
} from '@switchboard/protocol';
import type { Access, Actor } from '../access/access.js';
import type { ChatService } from '../chat/service.js';
import type { Clock } from '../clock.js';
import type { ConversationCore } from '../conversations/core.js';
import { customerStorage } from '../customers/storage.js';
import type { Db } from '../db/database.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import { errors } from '../http/errors.js';
import type { Router } from '../routing/router.js';
import type { AccountDirectory } from './accounts/directory.js';
import type { AccountContext } from './adapter.js';
import { capabilitiesOf } from './capabilities.js';
import { outboxStorage } from './outbox/storage.js';
import { regionOf, toE164 } from './phone.js';
import type { Adapters } from './registry.js';
import { accountTemplates, renderTemplate } from './templates.js';
import { transaction } from '../db/transaction.js';

/** What agents do with messaging-app chats beyond writing: retry a failed message, templates, start a chat, merge customers. */
export class ChannelMessaging {
  constructor(
    private readonly db: Db,
    private readonly access: Access,
    private readonly hub: Hub,
    private readonly chat: ChatService,
    private readonly core: ConversationCore,
    private readonly router: Router,
    private readonly accounts: AccountDirectory,
    private readonly adapters: Adapters,
    private readonly clock: Clock,
    private readonly log: (error: unknown, message: string) => void,
    /** Wakes the outbox sender. */
    private readonly kick: () => void,
    /** DEFAULT_COUNTRY: the region a number typed without its country code is read in. */
    private readonly defaultCountry: string,
  ) {}

  /** Sends a failed message again; only its author, while they may still write in the chat. */
  async retry(actor: Actor, conversationId: number, messageId: number): Promise<Message> {
    await this.access.require(actor, 'conversation.send', conversationId);
    const message = await this.core.messageById(messageId);
    if (!message || message.conversationId !== conversationId) throw errors.notFound('Message');
    if (message.senderId !== actor.id) throw errors.forbidden('Only its author can send a message again');
    if (message.delivery?.state !== 'failed') throw errors.conflict('Only a message that failed can be sent again');
    const now = this.clock.now();
    const envelopes: Envelope[] = await transaction(this.db, async (trx) => {
      if (Number((await outboxStorage.requeue(trx, messageId, now)).numUpdatedRows) === 0) return [];
      await this.core.setDeliveryState(trx, messageId, 'sending', now);
      return this.core.publishMessageUpdate(trx, messageId, now);
    });
    this.hub.publish(envelopes);
    this.kick();
    return (await this.core.messageById(messageId))!;
  }

  async templates(actor: Actor, conversationId: number): Promise<ChannelTemplateList> {
    await this.access.require(actor, 'conversation.send', conversationId);
    const account = await this.templateAccountOf(conversationId);
    return accountTemplates(this.db, this.adapters, account, this.clock, this.log);
  }

  async sendTemplate(actor: Actor, conversationId: number, input: SendTemplate): Promise<Message> {
    await this.access.require(actor, 'conversation.send', conversationId);
    const account = await this.templateAccountOf(conversationId);
    const { templates } = await accountTemplates(this.db, this.adapters, account, this.clock, this.log);
    const template = templates.find((t) => t.name === input.name && t.language === input.language);
    if (!template) throw errors.validation(`body.name: no approved template "${input.name}" in ${input.language}`);
    if (input.parameters.length !== template.parameterCount) {
      throw errors.validation(`body.parameters: the template takes ${template.parameterCount} parameters, got ${input.parameters.length}`);
    }
    const message = await this.chat.sendTemplate(actor, conversationId, {
      clientId: input.clientId,
      body: renderTemplate(template, input.parameters),
      template: { name: template.name, language: template.language, parameters: input.parameters },
    });
    this.kick();
    return message;
  }

  /** An account's templates before any chat exists (to start one by number): for who may start chats through it. */
  async accountTemplateList(actor: Actor, accountId: number): Promise<ChannelTemplateList> {
    await this.access.require(actor, 'channel.start', accountId);
    const account = await this.accounts.byId(accountId);
    if (!account || !capabilitiesOf(account.type).templates) throw errors.notFound('WhatsApp account');
    return accountTemplates(this.db, this.adapters, account, this.clock, this.log);
  }

  /**
   * Writes first to a number: by a template where the channel has a reply window (WhatsApp), by free
   * text where it has none (SMS). The chat is the agent's at once (or theirs already).
   */
  async start(actor: Actor, accountId: number, input: StartChannelConversation | StartTextConversation): Promise<Conversation> {
    await this.access.require(actor, 'channel.start', accountId);
    const account = await this.accounts.byId(accountId);
    const capabilities = account && capabilitiesOf(account.type);
    const byText = 'body' in input;
    // Free text first needs a phone channel without a reply window; a template needs one with templates.
    const textChannel = capabilities?.delivery === true && capabilities.replyWindowMs === null;
    if (!account || !capabilities || (!textChannel && !capabilities.templates)) throw errors.notFound('Messaging account');
    if (byText && !textChannel) throw errors.validation('body: a WhatsApp chat starts with an approved template (name, language, parameters)');
    if (!byText && !capabilities.templates) throw errors.notSupportedByChannel('templates', account.type);
    // National input is read in the account's own country (its first SMS number's), else DEFAULT_COUNTRY.
    const ownNumber = account.type === 'sms' ? (account.settings as SmsSettings).phoneNumbers[0] : undefined;
    const e164 = toE164(input.phone, regionOf(ownNumber) ?? this.defaultCountry);
    if (!e164) throw errors.validation('body.phone: not a phone number; give it with its country code, like +49 30 1234567');
    const digits = e164.slice(1);
    const customerId = await this.customerByNumber(account, digits, input.customerName);
    const conversationId = await this.takeConversation(actor, account, customerId, input.customerName || `+${digits}`);
    if (byText) await this.chat.send(actor, conversationId, { clientId: input.clientId, body: input.body });
    else await this.sendTemplate(actor, conversationId, input);
    return this.chat.get(actor, conversationId);
  }

  /** Another customer is the same person: their identities, chats and files become this chat's customer's. */
  async merge(actor: Actor, conversationId: number, otherCustomerId: number): Promise<void> {
    await this.access.require(actor, 'conversation.merge', conversationId);
    const conversation = await this.core.find(conversationId);
    if (!conversation?.customer_id) throw errors.validation('This is not a customer chat');
    const into = conversation.customer_id;
    if (into === otherCustomerId) throw errors.validation('body.customerId: that is this chat’s customer already');
    if (!(await customerStorage.byId(this.db, otherCustomerId))) throw errors.notFound('Customer');
    const now = this.clock.now();
    const envelopes: Envelope[] = await transaction(this.db, async (trx) => {
      const moved = await this.core.conversationIdsOfCustomer(trx, otherCustomerId);
      await customerStorage.merge(trx, into, otherCustomerId);
      await this.core.moveToCustomer(trx, otherCustomerId, into);
      await customerStorage.remove(trx, otherCustomerId);
      const out: Envelope[] = [];
      for (const id of [conversationId, ...moved]) {
        const members = await this.core.snapshot(trx, id);
        out.push(...(await this.core.publishChange(trx, id, members, { reason: 'taken', byName: actor.name }, now, false)));
      }
      return out;
    });
    this.hub.publish(envelopes);
  }

  async searchCustomers(actor: Actor, q: string): Promise<CustomerSummary[]> {
    await this.access.require(actor, 'customers.search');
    return customerStorage.search(this.db, q, 20);
  }

  /** A colleague read the chat: the customer's app shows their messages as read (best effort, in the background). */
  readByAgent(conversationId: number, messageId: number): void {
    void this.tellRead(conversationId, messageId).catch((error: unknown) =>
      this.log(error, `telling the provider conversation ${conversationId} was read failed`),
    );
  }

  private async tellRead(conversationId: number, messageId: number): Promise<void> {
    const conversation = await this.core.find(conversationId);
    if (!conversation?.channel || conversation.account_id === null || !capabilitiesOf(conversation.channel).delivery) return;
    const externalId = await this.core.latestInboundExternalId(conversationId, messageId);
    const account = externalId ? await this.accounts.byId(conversation.account_id) : undefined;
    const adapter = account && this.adapters.get(account.type);
    if (account && adapter?.markRead && externalId) await adapter.markRead(account, externalId);
  }

  private async templateAccountOf(conversationId: number): Promise<AccountContext> {
    const conversation = await this.core.find(conversationId);
    if (!conversation?.channel || conversation.account_id === null) throw errors.validation('This is not a messaging-app chat');
    if (!capabilitiesOf(conversation.channel).templates) throw errors.notSupportedByChannel('templates', conversation.channel);
    const account = await this.accounts.byId(conversation.account_id);
    if (!account) throw errors.notFound('Channel account');
    return account;
  }

  private async customerByNumber(account: AccountContext, digits: string, name: string): Promise<number> {
    // The ids inbound messages carry: "tel:+<E.164>" for SMS, "wa:<digits>" for WhatsApp.
    const externalId = account.type === 'sms' ? `tel:+${digits}` : `wa:${digits}`;
    const known = await customerStorage.byIdentity(this.db, account.id, [externalId]);
    if (known) return known.id;
    await customerStorage.insertWithIdentity(this.db, {
      channel: account.type,
      name: name || `+${digits}`,
      email: '',
      phone: `+${digits}`,
      language: '',
      accountId: account.id,
      externalId,
      ip: '',
      now: this.clock.now(),
    });
    return (await customerStorage.byIdentity(this.db, account.id, [externalId]))!.id;
  }

  /** The customer's chat on the account, opened and owned by the actor; refused when a colleague has it. */
  private async takeConversation(actor: Actor, account: AccountContext, customerId: number, title: string): Promise<number> {
    const now = this.clock.now();
    const { id, envelopes } = await transaction(this.db, async (trx) => {
      const conversation = await this.core.openExternal(trx, { id: customerId, name: title, channel: account.type, accountId: account.id }, now);
      const id = conversation.id;
      if (conversation.state === 'owned' && conversation.owner_id === actor.id) return { id, envelopes: [] as Envelope[] };
      if (conversation.state !== 'closed') {
        const owner = conversation.owner_id === null ? null : await this.core.userName(conversation.owner_id, trx);
        throw errors.conflict(owner ? `${owner} has this customer's chat now` : 'This customer is waiting in the queue: take the chat there');
      }
      await this.core.openSession(trx, id, now);
      const before = await this.core.snapshot(trx, id);
      const envelopes = await this.router.assign(trx, id, actor.id);
      return {
        id,
        envelopes: envelopes.length ? envelopes : await this.core.publishChange(trx, id, before, { reason: 'taken', byName: actor.name }, now, false),
      };
    });
    this.hub.publish(envelopes);
    return id;
  }
}
