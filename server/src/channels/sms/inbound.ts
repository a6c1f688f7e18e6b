import type { AccountContext, DeliveryUpdate, InboundEvent, InboundFile } from '../adapter.js';
import { optChange } from './keywords.js';

/** Twilio sends at most 10 media per MMS (MediaUrl0…MediaUrl9). */
const MEDIA_MAX = 10;
const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** A form-encoded Twilio webhook: an incoming message, or a status callback for one we sent. */
export type TwilioWebhook = { kind: 'message'; params: URLSearchParams } | { kind: 'status'; params: URLSearchParams };

/**
 * Status callbacks carry `MessageStatus` and no `Body`; incoming messages always carry `Body` (empty for
 * a picture alone). Both arrive on the account's one webhook URL.
 */
export function classify(params: URLSearchParams): TwilioWebhook {
  return params.has('MessageStatus') && !params.has('Body') ? { kind: 'status', params } : { kind: 'message', params };
}

/** The dedupe key: a retried incoming message is stored once; each status of a message once. */
export function dedupeKey(webhook: TwilioWebhook): string | null {
  const sid = webhook.params.get('MessageSid') ?? webhook.params.get('SmsSid');
  if (!sid) return null;
  return webhook.kind === 'status' ? `${sid}:${webhook.params.get('MessageStatus') ?? ''}` : sid;
}

/** Which Twilio statuses move our delivery mark; queued/sending/accepted say nothing beyond our "sent". */
const STATES: Record<string, DeliveryUpdate['state']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** Twilio's own words for the frequent error codes (the callback carries only the number). */
const ERROR_TEXT: Record<string, string> = {
  '21610': 'The recipient replied STOP and unsubscribed',
  '21211': 'Invalid “To” number',
  '30003': 'Unreachable destination handset',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered by the carrier',
  '30008': 'Unknown error',
  '30032': 'Toll-free number not verified',
  '30034': 'US A2P 10DLC: message from an unregistered number',
};

/**
 * A stored webhook body → what it means. `openMedia` downloads one MediaUrl (with the account's
 * credentials, following Twilio's redirect to its media host). Throws on a body that is not Twilio's.
 */
export function parseWebhook(account: AccountContext, body: string, openMedia: (url: string) => InboundFile['open'], now = Date.now()): InboundEvent[] {
  const webhook = classify(new URLSearchParams(body));
  const p = webhook.params;
  const sid = p.get('MessageSid') ?? p.get('SmsSid') ?? '';
  if (!SID.test(sid)) throw new Error('Not a Twilio webhook: no MessageSid');
  if (webhook.kind === 'status') {
    const state = STATES[p.get('MessageStatus') ?? ''];
    if (!state) return [];
    const code = p.get('ErrorCode') ?? '';
    const update: DeliveryUpdate = { accountId: account.id, providerMessageId: sid, state, at: now };
    if (state === 'failed') {
      const status = p.get('MessageStatus');
      update.error = { code: code || String(status), message: p.get('ErrorMessage') || ERROR_TEXT[code] || `Twilio reports the message ${status}` };
    }
    return [{ kind: 'delivery', update }];
  }
  const from = p.get('From') ?? '';
  if (!E164.test(from)) throw new Error(`Not a Twilio message webhook: From is not a phone number`);
  const text = p.get('Body') ?? '';
  const count = Math.min(Number.parseInt(p.get('NumMedia') ?? '0', 10) || 0, MEDIA_MAX);
  const files: InboundFile[] = [];
  for (let i = 0; i < count; i++) {
    const url = p.get(`MediaUrl${i}`);
    if (url) files.push({ name: '', open: openMedia(url) });
  }
  const optOut = optChange(text);
  return [
    {
      kind: 'message',
      message: {
        accountId: account.id,
        externalCustomerId: `tel:${from}`,
        customerPhone: from,
        providerMessageId: sid,
        text,
        files,
        at: now,
        ...(optOut ? { optOut } : {}),
      },
    },
  ];
}
