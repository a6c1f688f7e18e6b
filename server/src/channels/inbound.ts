import type { Message } from '@switchboard/protocol';
import type { Readable } from 'node:stream';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { CustomerIntake } from '../customer-chat/intake.js';
import type { ConversationCore } from '../conversations/core.js';
import { customerStorage } from '../customers/storage.js';
import type { Envelope } from '../events/bus.js';
import type { Hub } from '../events/hub.js';
import type { FilesService } from '../files/service.js';
import { AppError } from '../http/errors.js';
import type { AccountContext, DeliveryUpdate, DeliveryUpTo, InboundEvent, InboundFile, InboundMessage, InboundReaction, OutboundEcho } from './adapter.js';
import { accountStorage } from './accounts/storage.js';
import { transaction } from '../db/transaction.js';

/** Thrown for an event that may make sense later (a status for a message whose send is not recorded yet): retried. */
export class NotYet extends Error {}

const clientIdOf = (providerMessageId: string) => `ext-${providerMessageId}`;

/** A customer's name until we know theirs. */
const FALLBACK_NAME: Record<AccountContext['type'], string> = { livechat: 'Visitor', whatsapp: 'WhatsApp', messenger: 'Messenger', sms: 'SMS' };

/**
 * Applies what a channel's webhook meant, whatever the channel: a customer's message goes to intake
 * (its customer found or created by identity), a reaction onto the message it reacts to, a delivery
 * status onto the message we sent. Each is idempotent: a webhook processed twice changes nothing more.
 */
export class ChannelInbound {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly intake: CustomerIntake,
    private readonly core: ConversationCore,
    private readonly files: FilesService,
    private readonly clock: Clock,
  ) {}

  async apply(account: AccountContext, event: InboundEvent): Promise<void> {
    if (event.kind === 'message') await this.message(account, event.message);
    else if (event.kind === 'reaction') await this.reaction(account, event.reaction);
    else if (event.kind === 'delivery') await this.delivery(account, event.update);
    else if (event.kind === 'deliveryUpTo') await this.deliveryUpTo(account, event.upTo);
    else await this.echo(account, event.echo);
  }

  private async message(account: AccountContext, inbound: InboundMessage): Promise<Message> {
    const customer = await this.customerFor(account, inbound);
    const already = await this.core.findByClientId(`c${customer.id}`, clientIdOf(inbound.providerMessageId));
    if (already) return already;
    const { fileIds, notes } = await this.storeFiles(customer.id, account.id, inbound.files);
    const body = [inbound.text, ...notes].filter(Boolean).join('\n');
    const row = (await accountStorage.byId(this.db, account.id))!;
    const target = row.target_type === 'queue' ? { type: 'queue' as const, queueId: row.target_id } : { type: 'extension' as const, userId: row.target_id };
    return this.intake.receive(
      { id: customer.id, name: customer.name, channel: account.type, accountId: account.id },
      target,
      {
        clientId: clientIdOf(inbound.providerMessageId),
        body: body || (fileIds.length ? '' : '[Empty message]'),
        fileIds: fileIds.length ? fileIds : undefined,
      },
      {
        externalId: inbound.providerMessageId,
        // A blocked number's messages are kept (nothing a customer sent is lost) but reach no one.
        route: !customer.blocked,
        // The provider's time opens the reply window, never later than now (a clock ahead must not stretch it).
        alsoInside: async (trx) => {
          await customerStorage.touchInbound(trx, customer.id, account.id, Math.min(inbound.at, this.clock.now()));
          // With the message, so a STOP processed twice (or a STOP then START) ends as the customer last said.
          if (inbound.optOut) await customerStorage.setOptedOut(trx, customer.id, account.id, inbound.externalCustomerId, inbound.optOut === 'out');
        },
      },
    );
  }

  /** The customer behind the message's ids on this account, created on their first message. */
  private async customerFor(account: AccountContext, inbound: InboundMessage) {
    const ids = [inbound.externalCustomerId, ...(inbound.alsoKnownAs ?? [])];
    const now = this.clock.now();
    let found = await customerStorage.byIdentity(this.db, account.id, ids);
    const known = found !== undefined;
    if (!found) {
      await customerStorage.insertWithIdentity(this.db, {
        channel: account.type,
        name: inbound.customerName || inbound.customerPhone || '',
        email: '',
        phone: inbound.customerPhone ?? '',
        language: '',
        accountId: account.id,
        externalId: inbound.externalCustomerId,
        ip: '',
        now,
      });
      found = (await customerStorage.byIdentity(this.db, account.id, ids))!;
    }
    // The same person may show up with a second id (a business-scoped id beside the number): remember it.
    if (!known || ids.length > 1) for (const id of ids) await customerStorage.addIdentity(this.db, found.id, account.id, id, now);
    // Asked of the provider only while we know no name: once per customer, and never in the way of the message.
    const customerName = inbound.customerName || (!found.name && inbound.lookupName ? await inbound.lookupName().catch(() => undefined) : undefined);
    const changes = {
      ...(customerName && customerName !== found.name ? { name: customerName } : {}),
      ...(inbound.customerPhone && !found.phone ? { phone: inbound.customerPhone } : {}),
    };
    if (Object.keys(changes).length) await customerStorage.update(this.db, found.id, changes);
    const name = changes.name ?? found.name;
    return { id: found.id, name: name || inbound.customerPhone || FALLBACK_NAME[account.type], blocked: found.blocked === 1 };
  }

  /** Downloads the customer's files into the file pipeline; one that cannot be taken becomes a visible note. */
  private async storeFiles(customerId: number, accountId: number, files: InboundFile[]): Promise<{ fileIds: number[]; notes: string[] }> {
    const fileIds: number[] = [];
    const notes: string[] = [];
    for (const file of files) {
      try {
        const stream = await file.open();
        const stored = await this.files.uploadForVisitor(customerId, accountId, oneFile(file.name || 'file', stream));
        fileIds.push(...stored.map((a) => a.id));
      } catch (error) {
        if (!(error instanceof AppError) && !(error instanceof Error && /media|download|size|limit/i.test(error.message))) throw error;
        notes.push(`[A file could not be received: ${error.message}]`);
      }
    }
    return { fileIds, notes };
  }

  private async reaction(account: AccountContext, reaction: InboundReaction): Promise<void> {
    const customer = await customerStorage.byIdentity(this.db, account.id, [reaction.externalCustomerId]);
    if (!customer) return;
    const conversation = await this.core.conversationOf(customer.id, account.id);
    const target = conversation && (await this.core.byExternalId(reaction.providerMessageId, [conversation.id]));
    if (!target) return; // A reaction to a message we never had (sent from another tool): nothing to attach it to.
    await this.changeMessage(target.id, (trx) =>
      this.core.react(trx, target.id, { key: `c${customer.id}`, name: customer.name, customer: true }, reaction.emoji, reaction.at),
    );
  }

  private async delivery(_account: AccountContext, update: DeliveryUpdate): Promise<void> {
    const target = await this.core.byExternalId(update.providerMessageId);
    // The status may come before our sender recorded the provider's id: try again a little later.
    if (!target) throw new NotYet(`no message with provider id ${update.providerMessageId} yet`);
    await this.changeMessage(target.id, (trx) => this.core.setDeliveryState(trx, target.id, update.state, update.at, update.error ?? null));
  }

  /** A watermark: our messages in the customer's chat up to its time are delivered, or read. */
  private async deliveryUpTo(account: AccountContext, upTo: DeliveryUpTo): Promise<void> {
    const conversationId = await this.conversationFor(account, upTo.externalCustomerId);
    if (conversationId === undefined) return;
    const envelopes: Envelope[] = await transaction(this.db, async (trx) => {
      const ids = await this.core.deliveryUpTo(trx, conversationId, upTo.state, upTo.at);
      const out: Envelope[] = [];
      for (const id of ids) out.push(...(await this.core.publishMessageUpdate(trx, id, this.clock.now())));
      return out;
    });
    this.hub.publish(envelopes);
  }

  /**
   * A message the business side sent, told back. Ours carries the provider id our sender recorded:
   * nothing to do. While one of ours is still being sent its id may not be recorded yet, so the echo
   * waits (NotYet) rather than show our reply twice. Any other was written outside Switchboard (Meta's
   * Page inbox): colleagues must see what the customer was told, so it becomes a system line naming
   * where it came from, stored once by its provider id. A system line, not a colleague's message: no
   * colleague wrote it, and it must never go to the outbox.
   */
  private async echo(account: AccountContext, echo: OutboundEcho): Promise<void> {
    const conversationId = await this.conversationFor(account, echo.externalCustomerId);
    if (conversationId === undefined) return;
    if (await this.core.byExternalId(echo.providerMessageId, [conversationId])) return;
    if (await this.core.sendingIn(conversationId)) throw new NotYet(`a reply in conversation ${conversationId} is still being sent`);
    await this.core.change(conversationId, async (trx) => {
      const posted = await this.core.post(trx, conversationId, {
        author: 'system',
        note: { kind: 'external_reply', via: echo.via },
        body: echo.text,
        clientId: clientIdOf(echo.providerMessageId),
        externalId: echo.providerMessageId,
      });
      return { value: undefined, envelopes: posted?.envelopes ?? [] };
    });
  }

  private async conversationFor(account: AccountContext, externalCustomerId: string): Promise<number | undefined> {
    const customer = await customerStorage.byIdentity(this.db, account.id, [externalCustomerId]);
    return customer ? (await this.core.conversationOf(customer.id, account.id))?.id : undefined;
  }

  private async changeMessage(messageId: number, change: (trx: Db) => Promise<unknown>): Promise<void> {
    const envelopes: Envelope[] = await transaction(this.db, async (trx) => {
      if ((await change(trx)) === false) return [];
      return this.core.publishMessageUpdate(trx, messageId, this.clock.now());
    });
    this.hub.publish(envelopes);
  }
}

async function* oneFile(filename: string, file: Readable) {
  yield { filename, file };
}
