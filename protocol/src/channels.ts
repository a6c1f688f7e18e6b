import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { NameText, Text } from './text.js';
import { Colour, WidgetLanguage, WidgetTarget, WidgetTextsByLanguage } from './livechat.js';
import { ChannelAccountRef, ChannelCapabilities } from './channel-core.js';

/** Where a new chat of the account goes: a queue, or one colleague's extension (as for widgets). */
export const ChannelTarget = WidgetTarget;
export type ChannelTarget = z.infer<typeof ChannelTarget>;

/** A secret as the API shows it after saving: never the value, only whether it is set and its end. */
export const MaskedSecret = z.object({ set: z.boolean(), hint: z.string() });
export type MaskedSecret = z.infer<typeof MaskedSecret>;

/**
 * A secret as an admin sends it: a new value replaces the stored one; absent (or null) keeps it.
 * Secrets are encrypted at rest and never returned.
 */
const SecretInput = Text().trim().min(1).max(1000).nullable().optional();

export const LiveChatSettings = z.object({
  texts: WidgetTextsByLanguage.prefault({}),
  askName: z.boolean().default(true),
  askEmail: z.boolean().default(false),
  colour: Colour.default('#1f6feb'),
  language: WidgetLanguage.default('auto'),
  allowCalls: z.boolean().default(false),
});
export type LiveChatSettings = z.infer<typeof LiveChatSettings>;

/** A WhatsApp template as an agent picks it: `body` with {{1}}… placeholders, `parameterCount` of them. */
export const WhatsAppTemplate = z.object({
  name: Text()
    .min(1)
    .max(512)
    .regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _ only'),
  language: Text()
    .min(2)
    .max(15)
    .regex(/^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?$/, 'a language code like en_US'),
  body: Text().max(1024).default(''),
  parameterCount: z.number().int().min(0).max(20).default(0),
});
export type WhatsAppTemplate = z.infer<typeof WhatsAppTemplate>;

export const GRAPH_VERSION_DEFAULT = 'v23.0';

export const WhatsAppSettings = z.object({
  phoneNumberId: Text()
    .min(1)
    .max(64)
    .regex(/^[0-9]+$/, 'digits only'),
  businessAccountId: Text()
    .max(64)
    .regex(/^[0-9]*$/, 'digits only')
    .default(''),
  /** The number customers write to, as shown to agents (e.g. +49 30 1234567); optional. */
  displayPhoneNumber: Text().trim().max(40).default(''),
  graphVersion: Text()
    .regex(/^v[0-9]{1,3}\.[0-9]{1,2}$/, 'a Graph API version like v23.0')
    .default(GRAPH_VERSION_DEFAULT),
  /** Approved templates typed in by hand, for accounts whose token cannot list them. */
  templates: z.array(WhatsAppTemplate).max(200).default([]),
});
export type WhatsAppSettings = z.infer<typeof WhatsAppSettings>;

export const WhatsAppSecretsInput = z.object({ accessToken: SecretInput, appSecret: SecretInput, verifyToken: SecretInput });
export const WhatsAppSecretsView = z.object({ accessToken: MaskedSecret, appSecret: MaskedSecret, verifyToken: MaskedSecret });

export const MessengerSettings = z.object({
  /** The Facebook Page customers write to (its numeric id, under the Page's About › Page transparency). */
  pageId: Text()
    .min(1)
    .max(64)
    .regex(/^[0-9]+$/, 'digits only'),
  graphVersion: WhatsAppSettings.shape.graphVersion,
  /**
   * Meta allows replies up to 7 days after the customer's last message only with the HUMAN_AGENT tag,
   * which the app must have been granted; without it the window is 24 hours.
   */
  humanAgentTag: z.boolean().default(false),
});
export type MessengerSettings = z.infer<typeof MessengerSettings>;

export const MessengerSecretsInput = z.object({ pageAccessToken: SecretInput, appSecret: SecretInput, verifyToken: SecretInput });
export const MessengerSecretsView = z.object({ pageAccessToken: MaskedSecret, appSecret: MaskedSecret, verifyToken: MaskedSecret });

/** A phone number as typed: international or national, with spaces, dots, dashes or brackets; the server makes it E.164. */
export const PhoneInput = Text()
  .trim()
  .regex(/^\+?[0-9][0-9 ()./-]{2,23}$/, 'a phone number like +49 30 1234567');

/** E.164: '+', country code, up to 15 digits in all. */
export const E164 = Text().regex(/^\+[1-9][0-9]{6,14}$/, 'a number in E.164 form like +4930123456');

/**
 * SMS/MMS through Twilio. Messages go out from the first of `phoneNumbers`, or through the messaging
 * service when one is given (Twilio then picks the sender); one of the two is required.
 */
export const SmsSettings = z
  .object({
    provider: z.literal('twilio').default('twilio'),
    accountSid: Text().regex(/^AC[0-9a-f]{32}$/, 'AC followed by 32 hex digits'),
    /** Stored in E.164; an admin may type them nationally (read in DEFAULT_COUNTRY) or with spaces. */
    phoneNumbers: z.array(PhoneInput).max(50).default([]),
    messagingServiceSid: Text()
      .regex(/^(MG[0-9a-f]{32})?$/, 'MG followed by 32 hex digits')
      .default(''),
    /** The answer to a customer who texts HELP or INFO; '' answers smsHelpDefault(the account's name). */
    helpText: Text().trim().max(1600).default(''),
  })
  .refine((s) => s.phoneNumbers.length > 0 || s.messagingServiceSid !== '', {
    message: 'a phone number or a messaging service SID is required',
    path: ['phoneNumbers'],
  });
export type SmsSettings = z.infer<typeof SmsSettings>;

/**
 * What a customer who texts HELP or INFO gets back when the account has no text of its own: who they are
 * writing to, and how to stop (carriers expect both in a HELP answer).
 */
export const smsHelpDefault = (accountName: string) =>
  `${accountName}: you are texting our customer service. An agent will answer you here. Reply STOP to unsubscribe.`;

/**
 * The auth token is always needed: Twilio signs webhooks with it. An API key (SID + secret), when
 * given, authenticates the REST calls instead, so the token can be rotated apart from sending.
 */
export const SmsSecretsInput = z.object({ authToken: SecretInput, apiKeySid: SecretInput, apiKeySecret: SecretInput });
export const SmsSecretsView = z.object({ authToken: MaskedSecret, apiKeySid: MaskedSecret, apiKeySecret: MaskedSecret });

const AccountBase = { name: NameText(120), target: ChannelTarget };

export const ChannelAccountInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('livechat'), ...AccountBase, settings: LiveChatSettings.prefault({}) }),
  z.object({ type: z.literal('whatsapp'), ...AccountBase, settings: WhatsAppSettings, secrets: WhatsAppSecretsInput.prefault({}) }),
  z.object({ type: z.literal('messenger'), ...AccountBase, settings: MessengerSettings, secrets: MessengerSecretsInput.prefault({}) }),
  z.object({ type: z.literal('sms'), ...AccountBase, settings: SmsSettings, secrets: SmsSecretsInput.prefault({}) }),
]);
export type ChannelAccountInput = z.infer<typeof ChannelAccountInput>;

const AccountViewBase = {
  id: Id,
  name: z.string(),
  target: ChannelTarget,
  /** The public key: a widget's data-widget attribute, and the last part of webhookUrl. */
  key: z.string(),
  /** Where the provider sends this account's webhooks (from PUBLIC_URL); '' for live chat. */
  webhookUrl: z.string(),
  capabilities: ChannelCapabilities,
  createdAt: Timestamp,
  /** When the provider last delivered a verified webhook to this account (null: never; live chat has none). */
  lastWebhookAt: Timestamp.nullable(),
};

export const ChannelAccount = z.discriminatedUnion('type', [
  z.object({ type: z.literal('livechat'), ...AccountViewBase, settings: LiveChatSettings }),
  z.object({ type: z.literal('whatsapp'), ...AccountViewBase, settings: WhatsAppSettings, secrets: WhatsAppSecretsView }),
  z.object({ type: z.literal('messenger'), ...AccountViewBase, settings: MessengerSettings, secrets: MessengerSecretsView }),
  z.object({ type: z.literal('sms'), ...AccountViewBase, settings: SmsSettings, secrets: SmsSecretsView }),
]);
export type ChannelAccount = z.infer<typeof ChannelAccount>;
export const ChannelAccountList = z.object({ channels: z.array(ChannelAccount) });
/** Every account as colleagues may see it (GET /api/channels), e.g. to pick the number to write from. */
export const ChannelAccountRefList = z.object({ channels: z.array(ChannelAccountRef) });

/**
 * What the provider answered when asked about the account with its saved credentials
 * (POST /api/admin/channels/:id/test). `ok`: the credentials work and the account is what the provider
 * calls `name` (a WhatsApp number's verified name, a Page's name, a Twilio account's friendly name) at
 * `address` (the number, the Page id, the numbers Twilio lists). Otherwise `error` carries the
 * provider's code (e.g. Graph 190, Twilio 20003) or ours (NETWORK, TIMEOUT, SECRETS_UNREADABLE) and its
 * own message; clients explain known codes in the reader's language.
 */
export const ChannelConnectionTest = z.object({
  ok: z.boolean(),
  name: z.string(),
  address: z.string(),
  /** SMS: configured numbers Twilio does not list on the account (messages from them would be refused). */
  missingNumbers: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  testedAt: Timestamp,
  /** The account's last webhook, read again with the test. */
  lastWebhookAt: Timestamp.nullable(),
});
export type ChannelConnectionTest = z.infer<typeof ChannelConnectionTest>;

/** A template message sent to a messaging-app customer (outside the reply window, or to start a chat). */
export const SendTemplate = z.object({
  clientId: Text()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  name: WhatsAppTemplate.shape.name,
  language: WhatsAppTemplate.shape.language,
  parameters: z.array(Text().trim().min(1).max(1024)).max(20).default([]),
});
export type SendTemplate = z.infer<typeof SendTemplate>;

export const ChannelTemplateList = z.object({
  templates: z.array(WhatsAppTemplate),
  /** 'api': fetched from the WhatsApp business account (cached); 'manual': the account's own list. */
  source: z.enum(['api', 'manual']),
});
export type ChannelTemplateList = z.infer<typeof ChannelTemplateList>;

/** Starts a WhatsApp conversation with a number by an approved template. */
export const StartChannelConversation = SendTemplate.extend({
  phone: Text()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,24}$/, 'a phone number like +49 30 1234567'),
  customerName: NameText(120, 0).default(''),
});
export type StartChannelConversation = z.infer<typeof StartChannelConversation>;

/** Starts an SMS conversation with a number by free text (SMS has no templates and no reply window). */
export const StartTextConversation = z.object({
  clientId: SendTemplate.shape.clientId,
  phone: StartChannelConversation.shape.phone,
  customerName: NameText(120, 0).default(''),
  body: Text().trim().min(1).max(1600),
});
export type StartTextConversation = z.infer<typeof StartTextConversation>;

/** Merges another customer into this chat's customer (the same person on two channels). */
export const MergeCustomer = z.object({ customerId: Id });
export type MergeCustomer = z.infer<typeof MergeCustomer>;
