import type { Message } from '@switchboard/protocol';
import type { Clock } from '../../clock.js';
import type { ConversationCore } from '../../conversations/core.js';
import { customerStorage } from '../../customers/storage.js';
import type { Db } from '../../db/database.js';
import type { Envelope } from '../../events/bus.js';
import type { Hub } from '../../events/hub.js';
import type { FilesService } from '../../files/service.js';
import type { AccountDirectory } from '../accounts/directory.js';
import type { OutboundMessage, SendResult } from '../adapter.js';
import type { MediaLinks } from '../media-links.js';
import { backoffMs, yieldToIo } from '../lease.js';
import type { Adapters } from '../registry.js';
import { outboxStorage, type OutboxPayload, type OutboxRow } from './storage.js';
import { transaction } from '../../db/transaction.js';

/** Longer than a send with uploads takes; a sender that died mid-send lets it run out, and another sends. */
const LEASE_MS = 3 * 60_000;
const BATCH = 20;
/** Retries (429, 5xx, network) before a message is marked failed for an agent to retry by hand. */
const MAX_ATTEMPTS = 8;

/** Sends the outbox: every reply to a messaging-app customer, by exactly one sender, with retries and backoff. */
export class OutboxSender {
  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly core: ConversationCore,
    private readonly accounts: AccountDirectory,
    private readonly adapters: Adapters,
    private readonly files: FilesService,
    private readonly clock: Clock,
    private readonly owner: string,
    private readonly log: (error: unknown, message: string) => void,
    /** Signed public links to files, for providers that fetch them (Twilio's MediaUrl). */
    private readonly links?: MediaLinks,
  ) {}

  async runOnce(): Promise<number> {
    const rows = await outboxStorage.claim(this.db, this.owner, this.clock.now(), LEASE_MS, BATCH);
    for (const row of rows) {
      await this.send(row);
      await yieldToIo();
    }
    return rows.length;
  }

  private async send(row: OutboxRow): Promise<void> {
    let result: SendResult;
    try {
      result = await this.attempt(row);
    } catch (error) {
      this.log(error, `sending outbox ${row.id} failed`);
      result = { ok: false, retry: true, code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    }
    const now = this.clock.now();
    const envelopes: Envelope[] = await transaction(this.db, async (trx) => {
      if (result.ok) {
        const claimed = await outboxStorage.sent(trx, row.id, this.owner, result.providerMessageId);
        if (Number(claimed.numUpdatedRows) === 0) return []; // Our lease ran out and another sender took it.
        await this.core.setExternalId(trx, row.message_id, result.providerMessageId);
        await this.core.setDeliveryState(trx, row.message_id, 'sent', now);
        return this.core.publishMessageUpdate(trx, row.message_id, now);
      }
      if (result.retry && row.attempts < MAX_ATTEMPTS) {
        await outboxStorage.retryLater(trx, row.id, this.owner, now + (result.retryAfterMs ?? backoffMs(row.attempts)), `${result.code}: ${result.message}`);
        return [];
      }
      const claimed = await outboxStorage.failed(trx, row.id, this.owner, `${result.code}: ${result.message}`);
      if (Number(claimed.numUpdatedRows) === 0) return [];
      await this.core.setDeliveryState(trx, row.message_id, 'failed', now, { code: result.code, message: result.message });
      return this.core.publishMessageUpdate(trx, row.message_id, now);
    });
    this.hub.publish(envelopes);
  }

  private async attempt(row: OutboxRow): Promise<SendResult> {
    const account = await this.accounts.byId(row.account_id);
    const adapter = account && this.adapters.get(account.type);
    const message = await this.core.messageById(row.message_id);
    if (!account || !adapter || !message) return { ok: false, retry: false, code: 'NO_CHANNEL', message: 'The channel account is gone' };
    const identities = await this.identities(message, account.id);
    const to = identities.length === 0 ? undefined : adapter.recipient ? adapter.recipient(identities.map((i) => i.external_id)) : identities[0]!.external_id;
    if (!to) return { ok: false, retry: false, code: 'NO_RECIPIENT', message: 'The customer has no address on this channel' };
    // Texted STOP after this was queued: the provider would refuse it (Twilio 21610), so it is not even asked.
    if (identities.find((i) => i.external_id === to)?.opted_out === 1) {
      return { ok: false, retry: false, code: '21610', message: 'The customer unsubscribed (replied STOP); nothing is sent until they write START' };
    }
    const payload = JSON.parse(row.payload) as OutboxPayload;
    const outbound: OutboundMessage = {
      messageId: message.id,
      to,
      text: payload.template ? '' : message.body,
      files: message.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        mime: a.mime,
        size: a.size,
        kind: a.kind,
        open: () => this.files.openOriginal(a.id),
        ...(this.links ? { publicUrl: this.links.url(a.id) } : {}),
      })),
      ...(payload.template ? { template: payload.template } : {}),
      // Messenger picks its message type (a response, or tagged HUMAN_AGENT) by how long ago the customer wrote.
      lastInboundAt: lastInboundOf(identities),
    };
    return adapter.send(account, outbound);
  }

  /** The customer's identities on the account the reply goes through (none for a chat without a customer). */
  private async identities(message: Message, accountId: number) {
    const conversation = await this.core.find(message.conversationId);
    if (!conversation?.customer_id) return [];
    return customerStorage.identities(this.db, conversation.customer_id, accountId);
  }
}

/** When the customer last wrote through the account (any of their ids there); null when never. */
function lastInboundOf(identities: { last_inbound_at: number | null }[]): number | null {
  const times = identities.flatMap((i) => (i.last_inbound_at === null ? [] : [Number(i.last_inbound_at)]));
  return times.length ? Math.max(...times) : null;
}
