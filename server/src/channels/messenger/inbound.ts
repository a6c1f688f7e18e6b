import type { Readable } from 'node:stream';
import type { AccountContext, InboundEvent, InboundFile } from '../adapter.js';
import { type Attachment, type MessagingEvent, parseBody } from './payload.js';

/** The account fields parsing needs. */
export type InboundAccount = AccountContext<{ pageId: string }, unknown>;
/** Opens an attachment URL's bytes, bounded in size. */
export type OpenUrl = (url: string) => Promise<Readable>;
/** The customer's name from the profile API; undefined when it cannot be had. */
export type LookupName = (psid: string) => Promise<string | undefined>;

/** Who wrote a reply that reached the customer without us: Meta's own inbox for the Page. */
export const PAGE_INBOX = 'Facebook Page inbox';

const FILE_TYPES = new Set(['image', 'video', 'audio', 'file']);
/** Reactions Meta names without an emoji. */
const REACTIONS: Record<string, string> = { smile: '😆', angry: '😠', sad: '😢', wow: '😮', love: '😍', like: '👍' };

export const psidOf = (id: string) => `psid:${id}`;

/**
 * Turns a stored webhook body into events for intake, in Meta's order. Only entries for this account's
 * Page are read: one Meta app (one app secret) can serve several Pages, each its own account here.
 */
export function parseWebhook(account: InboundAccount, body: string, openUrl: OpenUrl, lookupName: LookupName): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const entry of parseBody(body).entry) {
    if (entry.id !== account.settings.pageId) continue;
    for (const event of entry.messaging ?? []) events.push(...eventsOf(account.id, event, entry.time, openUrl, lookupName));
  }
  return events;
}

function eventsOf(accountId: number, event: MessagingEvent, entryTime: number | undefined, openUrl: OpenUrl, lookupName: LookupName): InboundEvent[] {
  const at = event.timestamp ?? entryTime ?? Date.now();
  const customer = event.sender.id;
  const externalCustomerId = psidOf(customer);
  const message = event.message;
  if (message?.is_echo) {
    // The Page wrote to the customer: the customer is the recipient.
    const { text } = content(message.text, message.attachments ?? [], openUrl);
    const echo = { accountId, externalCustomerId: psidOf(event.recipient.id), providerMessageId: message.mid, text, via: PAGE_INBOX, at };
    return [{ kind: 'echo', echo }];
  }
  const lookup = () => lookupName(customer);
  if (message) {
    // A quick reply's text is the button's title; its payload stands in when there is no text.
    const { text, files } = content(message.text || message.quick_reply?.payload, message.attachments ?? [], openUrl);
    return [{ kind: 'message', message: { accountId, externalCustomerId, lookupName: lookup, providerMessageId: message.mid, text, files, at } }];
  }
  if (event.postback) {
    // A tapped button: what the customer saw is its title. Older postbacks carry no mid.
    const providerMessageId = event.postback.mid ?? `postback-${customer}-${at}`;
    const text = event.postback.title || event.postback.payload || '[Button]';
    return [{ kind: 'message', message: { accountId, externalCustomerId, lookupName: lookup, providerMessageId, text, files: [], at } }];
  }
  if (event.reaction) {
    const { action, mid, emoji, reaction } = event.reaction;
    const shown = action === 'unreact' ? '' : emoji || REACTIONS[reaction ?? ''] || '👍';
    return [{ kind: 'reaction', reaction: { accountId, externalCustomerId, providerMessageId: mid, emoji: shown, at } }];
  }
  if (event.delivery) {
    const { mids = [], watermark } = event.delivery;
    return [
      ...mids.map((mid): InboundEvent => ({ kind: 'delivery', update: { accountId, providerMessageId: mid, state: 'delivered', at: watermark } })),
      // Meta may leave mids out: the watermark says the same for everything sent before it.
      { kind: 'deliveryUpTo', upTo: { accountId, externalCustomerId, state: 'delivered', at: watermark } },
    ];
  }
  if (event.read) return [{ kind: 'deliveryUpTo', upTo: { accountId, externalCustomerId, state: 'read', at: event.read.watermark } }];
  return []; // Opt-ins, referrals, handovers…: nothing a chat shows.
}

/** The message's text with what cannot be a file written out, and its files to fetch. */
function content(text: string | undefined, attachments: Attachment[], openUrl: OpenUrl): { text: string; files: InboundFile[] } {
  const lines = text ? [text] : [];
  const files: InboundFile[] = [];
  for (const attachment of attachments) {
    const url = attachment.payload?.url;
    if (FILE_TYPES.has(attachment.type) && url) files.push({ name: fileName(url), open: () => openUrl(url) });
    else lines.push(describe(attachment));
  }
  return { text: lines.join('\n'), files };
}

/** Shared links, templates and others, written so an agent can read what the customer sent. */
function describe(attachment: Attachment): string {
  const payload = attachment.payload ?? {};
  if (attachment.type === 'fallback') return [attachment.title ?? payload.title, payload.url].filter(Boolean).join(' ') || '[Link]';
  if (attachment.type === 'template') {
    const parts = [payload.text, ...(payload.elements ?? []).map((e) => [e.title, e.subtitle].filter(Boolean).join(': '))].filter(Boolean);
    return `[${payload.template_type ?? 'template'}] ${parts.join(' | ')}`.trim();
  }
  return `[${attachment.type}]`;
}

/** The file's name when the URL ends in one (Messenger's file links do), else '' for the pipeline to name it. */
function fileName(url: string): string {
  let last: string;
  try {
    last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return ''; // A malformed escape: no name is better than a wrong one.
  }
  return /^[^/\\]{1,200}\.[A-Za-z0-9]{1,8}$/.test(last) ? last : '';
}
