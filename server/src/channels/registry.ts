import type { ChannelType } from '@switchboard/protocol';
import type { Config } from '../config.js';
import type { ChannelAdapter } from './adapter.js';
import { MESSENGER_LIMITS_DEFAULT, messengerAdapter } from './messenger/adapter.js';
import { WHATSAPP_LIMITS_DEFAULT, whatsappAdapter, type WhatsAppAdapter } from './whatsapp/adapter.js';
import { webhookUrl } from './accounts/view.js';
import { SMS_LIMITS_DEFAULT, smsAdapter } from './sms/adapter.js';

/** The connectors of the messaging channels (live chat has none: the widget talks to us directly). */
export interface Adapters {
  get(type: ChannelType): ChannelAdapter<any, any> | undefined;
  whatsapp: WhatsAppAdapter;
}

export function createAdapters(config: Config): Adapters {
  const whatsapp = whatsappAdapter(config.metaGraphUrl, { ...WHATSAPP_LIMITS_DEFAULT, mediaMaxBytes: config.maxUploadBytes });
  const messenger = messengerAdapter(config.metaGraphUrl, { ...MESSENGER_LIMITS_DEFAULT, mediaMaxBytes: config.maxUploadBytes });
  // The status callback URL is read at each send: PUBLIC_URL is known only once the server listens in tests.
  const sms = smsAdapter(config.twilioApiUrl, (key) => webhookUrl(config.publicUrl, key), { ...SMS_LIMITS_DEFAULT, mediaMaxBytes: config.maxUploadBytes });
  const byType: Partial<Record<ChannelType, ChannelAdapter<any, any>>> = { whatsapp, messenger, sms };
  return { get: (type) => byType[type], whatsapp };
}
