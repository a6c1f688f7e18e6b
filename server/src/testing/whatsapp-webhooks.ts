import { createHmac } from 'node:crypto';

/** WhatsApp Cloud API webhook bodies as Meta sends them, and their signature, for tests. */

/** The X-Hub-Signature-256 header value Meta sends for this exact body. */
export function signWebhook(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

export interface WaContact {
  profile: { name: string };
  wa_id?: string;
  user_id?: string;
}

export function waContact(waId: string | undefined, name: string, userId?: string): WaContact {
  return { profile: { name }, ...(waId ? { wa_id: waId } : {}), ...(userId ? { user_id: userId } : {}) };
}

let wamidCounter = 0;

/** An inbound message of `type` with its type object, e.g. waMessage('text', {body:'Hi'}, {from:'4917…'}). */
export function waMessage(type: string, object: unknown, sender: { from?: string; fromUserId?: string; id?: string; timestamp?: number } = {}) {
  const message: Record<string, unknown> = {
    ...(sender.from !== undefined ? { from: sender.from } : {}),
    ...(sender.fromUserId ? { from_user_id: sender.fromUserId } : {}),
    id: sender.id ?? `wamid.IN${String(++wamidCounter).padStart(6, '0')}`,
    timestamp: String(sender.timestamp ?? 1_790_000_000),
    type,
  };
  if (object !== undefined) message[type] = object;
  return message;
}

export function waStatus(id: string, status: string, options: { recipientId?: string; timestamp?: number; errors?: unknown[] } = {}) {
  return {
    id,
    status,
    timestamp: String(options.timestamp ?? 1_790_000_100),
    recipient_id: options.recipientId ?? '491701234567',
    ...(status === 'sent'
      ? { conversation: { id: 'conv1', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'PMP', category: 'service' } }
      : {}),
    ...(options.errors ? { errors: options.errors } : {}),
  };
}

/** A whole webhook body: one entry, one `messages` change for this phone number. */
export function waWebhook(phoneNumberId: string, value: { contacts?: WaContact[]; messages?: unknown[]; statuses?: unknown[] }, wabaId = '102290129340398') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: wabaId,
        changes: [
          {
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value },
            field: 'messages',
          },
        ],
      },
    ],
  };
}
