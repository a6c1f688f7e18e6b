import {
  LiveChatSettings,
  MessengerSettings,
  SmsSettings,
  WhatsAppSettings,
  type ChannelAccount,
  type ChannelAccountRef,
  type ChannelTarget,
  type MaskedSecret,
} from '@switchboard/protocol';
import { capabilitiesFor } from '../capabilities.js';
import type { AccountRow } from './storage.js';

export const WHATSAPP_SECRETS = ['accessToken', 'appSecret', 'verifyToken'] as const;
export const MESSENGER_SECRETS = ['pageAccessToken', 'appSecret', 'verifyToken'] as const;
export const SMS_SECRETS = ['authToken', 'apiKeySid', 'apiKeySecret'] as const;

/** Shorter secrets show no end at all: four characters of an eight-character token would be half of it. */
const HINT_MIN_LENGTH = 8;

/** A stored secret as the API shows it: whether it is set and, for long ones, its last four characters. */
export function mask(value: string | undefined): MaskedSecret {
  if (!value) return { set: false, hint: '' };
  return { set: true, hint: value.length >= HINT_MIN_LENGTH ? `••••${value.slice(-4)}` : '' };
}

export const targetOf = (row: AccountRow): ChannelTarget =>
  row.target_type === 'queue' ? { type: 'queue', queueId: row.target_id } : { type: 'extension', userId: row.target_id };

export const webhookUrl = (publicUrl: string, key: string) => `${publicUrl.replace(/\/+$/, '')}/webhooks/${key}`;

/** Live chat settings are read leniently (a field added later is its default); as in livechat/storage.ts. */
export function liveChatSettings(json: string): LiveChatSettings {
  const parsed = LiveChatSettings.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : LiveChatSettings.parse({});
}

/**
 * The admin's view of an account. `secrets` are the opened values, or null when they cannot be opened
 * (another SECRET_KEY): then each shows as set without a hint, and the admin enters them again.
 * Undefined for types this server cannot configure (none today; a type added later).
 */
export function toView(row: AccountRow, publicUrl: string, secrets: Record<string, string> | null): ChannelAccount | undefined {
  const base = {
    id: row.id,
    name: row.name,
    target: targetOf(row),
    key: row.key,
    capabilities: capabilitiesFor(row.type, row.settings),
    createdAt: row.created_at,
    lastWebhookAt: row.last_webhook_at === null ? null : Number(row.last_webhook_at),
  };
  if (row.type === 'livechat') return { type: 'livechat', ...base, webhookUrl: '', settings: liveChatSettings(row.settings) };
  if (row.type === 'whatsapp') {
    const shown = (name: (typeof WHATSAPP_SECRETS)[number]) => (secrets === null ? { set: true, hint: '' } : mask(secrets[name]));
    return {
      type: 'whatsapp',
      ...base,
      webhookUrl: webhookUrl(publicUrl, row.key),
      settings: WhatsAppSettings.parse(JSON.parse(row.settings)),
      secrets: { accessToken: shown('accessToken'), appSecret: shown('appSecret'), verifyToken: shown('verifyToken') },
    };
  }
  if (row.type === 'messenger') {
    const shown = (name: (typeof MESSENGER_SECRETS)[number]) => (secrets === null ? { set: true, hint: '' } : mask(secrets[name]));
    return {
      type: 'messenger',
      ...base,
      webhookUrl: webhookUrl(publicUrl, row.key),
      settings: MessengerSettings.parse(JSON.parse(row.settings)),
      secrets: { pageAccessToken: shown('pageAccessToken'), appSecret: shown('appSecret'), verifyToken: shown('verifyToken') },
    };
  }
  if (row.type === 'sms') {
    const shown = (name: (typeof SMS_SECRETS)[number]) => (secrets === null ? { set: true, hint: '' } : mask(secrets[name]));
    return {
      type: 'sms',
      ...base,
      webhookUrl: webhookUrl(publicUrl, row.key),
      settings: SmsSettings.parse(JSON.parse(row.settings)),
      secrets: { authToken: shown('authToken'), apiKeySid: shown('apiKeySid'), apiKeySecret: shown('apiKeySecret') },
    };
  }
  return undefined;
}

/** The account as every colleague may see it: enough to pick it, nothing of its configuration. */
export function toRef(row: AccountRow): ChannelAccountRef {
  let address = '';
  if (row.type === 'whatsapp') {
    const parsed = WhatsAppSettings.safeParse(JSON.parse(row.settings));
    address = parsed.success ? parsed.data.displayPhoneNumber : '';
  } else if (row.type === 'sms') {
    const parsed = SmsSettings.safeParse(JSON.parse(row.settings));
    address = parsed.success ? (parsed.data.phoneNumbers[0] ?? '') : '';
  }
  return { id: row.id, type: row.type, name: row.name, address };
}
