import type { Readable } from 'node:stream';
import type { AccountContext, DeliveryUpdate, InboundEvent, InboundFile } from '../adapter.js';
import type { Contact, Message, Status, Value } from './payload.js';
import { parseBody, values } from './payload.js';

/** The account fields parsing needs. */
export type InboundAccount = AccountContext<{ phoneNumberId: string }, unknown>;
/** Opens a media id's bytes (Graph metadata, then the download), bounded in size. */
export type OpenMedia = (mediaId: string) => Promise<Readable>;

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;

/**
 * Turns a stored webhook body into events for intake, in the order Meta listed them. Only changes for this
 * account's phone number are read: one Meta app (and so one webhook URL's app secret) can serve several
 * numbers, and a number that is not this account's belongs to another account or to nobody here.
 */
export function parseWebhook(account: InboundAccount, body: string, openMedia: OpenMedia): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const value of values(parseBody(body))) {
    if (value.metadata?.phone_number_id !== account.settings.phoneNumberId) continue;
    for (const message of value.messages ?? []) events.push(messageEvent(account.id, value, message, openMedia));
    for (const status of value.statuses ?? []) {
      const update = deliveryUpdate(account.id, status);
      if (update) events.push({ kind: 'delivery', update });
    }
  }
  return events;
}

/** "wa:<wa_id>" when the phone number is known, else "bsuid:<user_id>"; the other id, if any, as an alias. */
export function customerOf(value: Value, message: Message) {
  const contacts = value.contacts ?? [];
  const contact: Contact | undefined =
    contacts.find((c) => (message.from && c.wa_id === message.from) || (message.from_user_id && c.user_id === message.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const waId = message.from ?? contact?.wa_id;
  const userId = message.from_user_id ?? contact?.user_id;
  const ids = [waId ? `wa:${waId}` : undefined, userId ? `bsuid:${userId}` : undefined].filter((id): id is string => !!id);
  const [externalCustomerId = '', ...alsoKnownAs] = ids;
  const name = contact?.profile?.name?.trim();
  return {
    externalCustomerId,
    ...(alsoKnownAs.length ? { alsoKnownAs } : {}),
    ...(name ? { customerName: name } : {}),
    ...(waId ? { customerPhone: `+${waId}` } : {}),
  };
}

function messageEvent(accountId: number, value: Value, message: Message, openMedia: OpenMedia): InboundEvent {
  const customer = customerOf(value, message);
  const at = Number(message.timestamp) * 1000;
  if (message.type === 'reaction' && message.reaction) {
    const { message_id, emoji = '' } = message.reaction;
    return { kind: 'reaction', reaction: { accountId, externalCustomerId: customer.externalCustomerId, providerMessageId: message_id, emoji, at } };
  }
  const { text, files } = content(message, openMedia);
  return { kind: 'message', message: { accountId, ...customer, providerMessageId: message.id, text, files, at } };
}

/** What the customer sent, as text and files; a type we cannot show becomes a visible note, never nothing. */
export function content(message: Message, openMedia: OpenMedia): { text: string; files: InboundFile[] } {
  const type = message.type;
  if (type === 'text' && message.text) return { text: message.text.body, files: [] };
  if (isMediaType(type)) {
    const media = message[type];
    if (media) {
      const name = type === 'document' ? (message.document?.filename ?? '') : '';
      return { text: media.caption ?? '', files: [{ name, open: () => openMedia(media.id) }] };
    }
  }
  if (type === 'location' && message.location) {
    const { latitude, longitude, name, address } = message.location;
    const label = [name, address].filter((part) => part?.trim()).join(', ');
    return { text: `📍 ${label ? `${label} ` : ''}https://maps.google.com/?q=${latitude},${longitude}`, files: [] };
  }
  if (type === 'contacts' && message.contacts) return { text: message.contacts.map(contactCard).join('\n\n'), files: [] };
  if (type === 'button' && message.button) return { text: message.button.text ?? message.button.payload ?? '', files: [] };
  if (type === 'interactive' && message.interactive) {
    const { button_reply, list_reply, nfm_reply } = message.interactive;
    if (button_reply) return { text: button_reply.title, files: [] };
    if (list_reply) return { text: list_reply.description ? `${list_reply.title} — ${list_reply.description}` : list_reply.title, files: [] };
    if (nfm_reply) return { text: formResponse(nfm_reply.response_json), files: [] };
    return { text: unsupported(`interactive ${message.interactive.type}`, message), files: [] };
  }
  // E.g. "User A changed from 491… to 491…": the agent should see it in the chat.
  if (type === 'system' && message.system?.body) return { text: `[WhatsApp: ${message.system.body}]`, files: [] };
  return { text: unsupported(type === 'unsupported' ? (message.unsupported?.type ?? type) : type, message), files: [] };
}

/**
 * A WhatsApp Flow's answers arrive as a JSON string in `response_json` (the `body` just says "Sent"):
 * shown as "field: value" lines, without the flow token, which is ours and means nothing to an agent.
 */
function formResponse(json: string | undefined): string {
  let answers: unknown;
  try {
    answers = JSON.parse(json ?? '');
  } catch {
    return '[WhatsApp form response]';
  }
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) return '[WhatsApp form response]';
  const lines = Object.entries(answers)
    .filter(([key]) => key !== 'flow_token')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return ['[WhatsApp form response]', ...lines].join('\n');
}

function isMediaType(type: string): type is (typeof MEDIA_TYPES)[number] {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

function unsupported(type: string, message: Message): string {
  const reason = message.errors?.[0]?.title;
  return `[Unsupported WhatsApp message type: ${type}${reason ? ` (${reason})` : ''}]`;
}

function contactCard(card: NonNullable<Message['contacts']>[number]): string {
  const name = card.name?.formatted_name || [card.name?.first_name, card.name?.last_name].filter(Boolean).join(' ') || 'Contact';
  const lines = [`👤 ${name}${card.org?.company ? ` (${card.org.company})` : ''}`];
  for (const p of card.phones ?? []) if (p.phone) lines.push(`📞 ${p.phone}${p.type ? ` (${p.type})` : ''}`);
  for (const e of card.emails ?? []) if (e.email) lines.push(`✉️ ${e.email}${e.type ? ` (${e.type})` : ''}`);
  return lines.join('\n');
}

const STATES = new Set(['sent', 'delivered', 'read', 'failed']);

function deliveryUpdate(accountId: number, status: Status): DeliveryUpdate | null {
  // Other states (deleted, played, warning…) have no place in our delivery model.
  if (!STATES.has(status.status)) return null;
  const update: DeliveryUpdate = {
    accountId,
    providerMessageId: status.id,
    state: status.status as DeliveryUpdate['state'],
    at: Number(status.timestamp) * 1000,
  };
  if (status.status === 'failed') {
    const error = status.errors?.[0];
    update.error = error
      ? { code: String(error.code), message: error.title || error.message || error.error_data?.details || 'Failed' }
      : { code: 'UNKNOWN', message: 'WhatsApp reported the message as failed' };
  }
  return update;
}
