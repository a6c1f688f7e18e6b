import { z } from 'zod';
import { Timestamp, Id } from './common.js';

/**
 * Channel accounts: every way customers reach us (a live chat widget, a WhatsApp number, later a
 * Messenger page or an SMS number). Each has a name, its settings, and where its chats go.
 */
export const ChannelType = z.enum(['livechat', 'whatsapp', 'messenger', 'sms']);
export type ChannelType = z.infer<typeof ChannelType>;

/**
 * What files one message may carry on a channel, as the provider documents it. `types`: the accepted
 * kinds, each MIME patterns ('image/*', '*\/*' for any) with its largest size; null: any type.
 * `maxFiles`/`maxTotalBytes`: per message (Twilio: 10 media, 5 MB in all); null: no such limit.
 */
export const ChannelFileLimits = z.object({
  maxFiles: z.number().int().nullable(),
  maxTotalBytes: z.number().int().nullable(),
  types: z.array(z.object({ mimes: z.array(z.string()), maxBytes: z.number().int() })).nullable(),
});
export type ChannelFileLimits = z.infer<typeof ChannelFileLimits>;

/** What a channel can do; the client shows only these actions and the server refuses the others. */
export const ChannelCapabilities = z.object({
  /** End chat session tells the customer (a website visitor sees it; a WhatsApp user would not). */
  endSession: z.boolean(),
  block: z.boolean(),
  /** Files both ways. */
  files: z.boolean(),
  /** Voice or video calls the agent can ask the customer to start. */
  calls: z.boolean(),
  /** Free-form replies are allowed only this long after the customer's last message (ms); null: always. */
  replyWindowMs: z.number().int().nullable(),
  /** Outside the reply window, approved template messages can still be sent. */
  templates: z.boolean(),
  /** Messages carry a delivery state (sending, sent, delivered, read, failed). */
  delivery: z.boolean(),
  /** The provider's limits on files (null: only the server's own upload limit); the composer checks them before sending. */
  fileLimits: ChannelFileLimits.nullable(),
});
export type ChannelCapabilities = z.infer<typeof ChannelCapabilities>;

/** The account a customer chat came through, as agents see it in the conversation. */
export const ChannelAccountRef = z.object({
  id: Id,
  type: ChannelType,
  name: z.string(),
  /** The business number of a WhatsApp or SMS account ('' when not known or not a phone channel). */
  address: z.string(),
});
export type ChannelAccountRef = z.infer<typeof ChannelAccountRef>;

/** Delivery to a messaging-app customer: sending (in the outbox) → sent → delivered → read, or failed. */
export const DeliveryState = z.enum(['sending', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const Delivery = z.object({
  state: DeliveryState,
  /**
   * Why it failed: `code` is the provider's (e.g. WhatsApp 131047) or ours (e.g. REPLY_WINDOW_CLOSED);
   * `message` the provider's own title, in English; clients explain known codes in the reader's language.
   */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** When the state last changed. */
  at: Timestamp,
});
export type Delivery = z.infer<typeof Delivery>;

export const Reaction = z.object({
  emoji: z.string(),
  /** The customer's or the colleague's name. */
  byName: z.string(),
  byCustomer: z.boolean(),
});
export type Reaction = z.infer<typeof Reaction>;
