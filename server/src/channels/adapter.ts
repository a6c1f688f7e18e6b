import type { ChannelCapabilities, ChannelType } from '@switchboard/protocol';
import type { Readable } from 'node:stream';

/**
 * What a channel connector plugs into: the shared model (accounts, identities, intake, outbox, webhook
 * inbox) calls these; a connector never writes another feature's tables. See docs/architecture.md
 * "Adding a channel".
 */

/** A channel account as a connector sees it: its settings and its decrypted secrets. */
export interface AccountContext<Settings = unknown, Secrets = Record<string, string>> {
  id: number;
  type: ChannelType;
  name: string;
  key: string;
  settings: Settings;
  secrets: Secrets;
}

/** A file a customer sent, fetched only when intake stores it (media ids and URLs expire: fetch at once). */
export interface InboundFile {
  /** The name to show ('' lets the file pipeline name it from its type). */
  name: string;
  /** The bytes, streamed; the file pipeline applies the same limits as to agent uploads. */
  open(): Promise<Readable>;
}

/** One message from a customer, as every channel hands it to intake. */
export interface InboundMessage {
  accountId: number;
  /** The customer on this account: "wa:<wa_id>", "bsuid:<user_id>", a page-scoped id, a number… */
  externalCustomerId: string;
  /** Other ids the same person is known by on this account (e.g. the wa_id beside a business-scoped id). */
  alsoKnownAs?: string[];
  /** Their profile name when the channel tells it; never required. */
  customerName?: string;
  /**
   * Asks the provider for the name when the webhook does not carry it (Messenger's profile API): called
   * only for a customer who has no name yet, so once per customer; undefined on any failure.
   */
  lookupName?: () => Promise<string | undefined>;
  customerPhone?: string;
  /** The provider's message id: a retried webhook carrying the same id changes nothing. */
  providerMessageId: string;
  text: string;
  files: InboundFile[];
  /** When the customer sent it (the provider's timestamp). */
  at: number;
  /** SMS: the message was an opt-out keyword (STOP…) or opted back in (START…); recorded on the identity. */
  optOut?: 'out' | 'in';
}

/** A reaction of the customer to one of the conversation's messages, by its provider id. */
export interface InboundReaction {
  accountId: number;
  externalCustomerId: string;
  providerMessageId: string;
  /** '' removes the reaction. */
  emoji: string;
  at: number;
}

/** The provider's word on a message we sent. */
export interface DeliveryUpdate {
  accountId: number;
  providerMessageId: string;
  state: 'sent' | 'delivered' | 'read' | 'failed';
  error?: { code: string; message: string };
  at: number;
}

/**
 * The provider's word on all our messages to a customer up to a time (Messenger's delivery and read
 * watermarks): every message of ours in that chat sent by then is at least `state`.
 */
export interface DeliveryUpTo {
  accountId: number;
  externalCustomerId: string;
  state: 'delivered' | 'read';
  at: number;
}

/**
 * A message the business side sent to the customer, told back by the provider (Messenger's echoes):
 * ours is already shown (matched by its provider id) and is ignored; one written elsewhere (Meta's
 * Page inbox) is shown in the chat as a line from `via`.
 */
export interface OutboundEcho {
  accountId: number;
  externalCustomerId: string;
  providerMessageId: string;
  text: string;
  via: string;
  at: number;
}

/** What a processed webhook amounts to; intake applies each in order. */
export type InboundEvent =
  | { kind: 'message'; message: InboundMessage }
  | { kind: 'reaction'; reaction: InboundReaction }
  | { kind: 'delivery'; update: DeliveryUpdate }
  | { kind: 'deliveryUpTo'; upTo: DeliveryUpTo }
  | { kind: 'echo'; echo: OutboundEcho };

/** A stored file to send, with a way to read its bytes and a short-lived public link to it. */
export interface OutboundFile {
  id: number;
  name: string;
  mime: string;
  size: number;
  kind: 'image' | 'document';
  open(): Promise<Readable>;
  /** A signed URL serving the bytes for a few minutes, for providers that fetch files (Twilio); unset for those that take uploads. */
  publicUrl?: string;
}

/** One outbox row to send: an agent's text and files, or a template message. */
export interface OutboundMessage {
  messageId: number;
  /** The identity's external id ("wa:…") the reply goes to. */
  to: string;
  text: string;
  files: OutboundFile[];
  template?: { name: string; language: string; parameters: string[] };
  /** When the customer last wrote on this account (null: never), for channels whose sending rules depend on it. */
  lastInboundAt?: number | null;
}

/**
 * A send's outcome. `retry`: a 429, a 5xx or a network error, tried again with backoff (after
 * `retryAfterMs` when the provider says); otherwise the message is marked failed with the reason.
 */
export type SendResult = { ok: true; providerMessageId: string } | { ok: false; retry: boolean; code: string; message: string; retryAfterMs?: number };

/** A webhook request as the HTTP layer hands it over: raw bytes, so signatures are checked over them. */
export interface WebhookRequest {
  method: 'GET' | 'POST';
  /** The public URL the provider called (from PUBLIC_URL), for signatures that cover it. */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

/**
 * The answer to a webhook: `store` means verified and to be kept (in the webhook inbox, before the
 * answer is sent) and processed after, once per `dedupeKey`; answered 200 with `answer` when given
 * (Twilio expects TwiML), else a plain "EVENT_RECEIVED".
 */
export type WebhookVerdict =
  | { kind: 'reply'; status: number; contentType?: string; body: string }
  | { kind: 'store'; dedupeKey: string | null; answer?: { contentType: string; body: string } };

/**
 * The provider's answer when asked about the account with its saved credentials: what it calls the
 * account and where, or why it refused (its code and message; NETWORK/TIMEOUT when it did not answer).
 */
export type ConnectionCheck = { ok: true; name: string; address: string; missingNumbers?: string[] } | { ok: false; code: string; message: string };

export interface ChannelAdapter<Settings = unknown, Secrets = Record<string, string>> {
  type: ChannelType;
  capabilities: ChannelCapabilities;
  /** Checks a webhook (handshake, signature) before anything is stored. */
  verifyWebhook(account: AccountContext<Settings, Secrets>, request: WebhookRequest): WebhookVerdict;
  /** Turns a stored webhook body into what it means; throws on a body it cannot read (stored as failed). */
  parseWebhook(account: AccountContext<Settings, Secrets>, body: string): Promise<InboundEvent[]>;
  send(account: AccountContext<Settings, Secrets>, message: OutboundMessage): Promise<SendResult>;
  /** Which of a customer's ids on the account to write to (e.g. a number before a business-scoped id); default the first. */
  recipient?(externalIds: string[]): string;
  /** Asks the provider about the account (one or two read-only calls), for the admin's "Test connection". */
  testConnection(account: AccountContext<Settings, Secrets>): Promise<ConnectionCheck>;
  /** Tells the provider the customer's messages up to this one were read by an agent (best effort). */
  markRead?(account: AccountContext<Settings, Secrets>, providerMessageId: string): Promise<void>;
}
