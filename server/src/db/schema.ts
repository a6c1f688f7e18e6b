import type { Generated } from 'kysely';

/** Booleans are stored as 0/1 and times as epoch milliseconds so both dialects read them alike. */
export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  extension: string;
  role: 'admin' | 'manager' | 'agent';
  password_hash: string;
  disabled: Generated<number>;
  status: Generated<'available' | 'away' | 'dnd'>;
  event_seq: Generated<number>;
  created_at: number;
  /** 1 after an admin reset: the one-time password signs in only to choose a new one. */
  password_reset_required: Generated<number>;
}

/** A "forgot password" link, by the hash of its token; single-use. */
export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  is_manager: number;
}

export interface FavouritesTable {
  user_id: number;
  favourite_id: number;
}

export interface ContactsTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  company: string;
  phones: string;
  emails: string;
  /** Lower-cased name, company, phones and emails, for search. */
  search_text: string;
  created_at: number;
}

export interface ConversationsTable {
  id: Generated<number>;
  kind: 'direct' | 'group' | 'external';
  title: string;
  /** "smallerId:largerId" for a direct chat, so there is only one per pair. */
  direct_key: string | null;
  created_at: number;
  last_activity_at: number;
  channel: ChannelTypeName | null;
  /** The channel account it came through (null for internal chats, or after the account was deleted). */
  account_id: number | null;
  state: 'queued' | 'owned' | 'closed' | null;
  customer_id: number | null;
  queue_id: number | null;
  /** Who has it now; kept after End chat session so the customer's next message returns to them. */
  owner_id: number | null;
  /** Who had it last, kept after Dealt with: they may still delete it from their archive. */
  last_owner_id: number | null;
  /** While queued: since when it waits, which wave is offered, and when the router looks at it next. */
  waiting_since: number | null;
  offer_round: Generated<number>;
  next_route_at: number | null;
  /** While queued: the agents it is offered to now, as `,3,7,12,` (conversations/offers.ts); null when nobody. */
  offered_to: string | null;
  offline_replied: Generated<number>;
  /** A group chat's creator (who manages it with the admins among its members); null otherwise. */
  created_by: number | null;
}

export type MemberRole = 'member' | 'offered' | 'owner' | 'former';

export interface ConversationMembersTable {
  conversation_id: number;
  user_id: number;
  last_read_message_id: number;
  role: Generated<MemberRole>;
  archived: Generated<number>;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: number;
  author: 'user' | 'customer' | 'system';
  sender_id: number | null;
  sender_name: string;
  /** "u<id>", "c<id>" or "s": with client_id, what makes a retried send idempotent. */
  author_key: string;
  client_id: string;
  body: string;
  /** JSON of a SystemNote for system lines. */
  system: string | null;
  created_at: number;
  /** To a messaging-app customer: sending | sent | delivered | read | failed; null elsewhere. */
  delivery_state: 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | null;
  /** JSON {code, message} of a failed delivery. */
  delivery_error: string | null;
  delivery_at: number | null;
  /** The provider's id of the message (a wamid…): inbound as received, outbound once sent. */
  external_id: string | null;
  /** When its author last edited it (internal chats only). */
  edited_at: number | null;
  /** When its author deleted it; its body is '' from then on. */
  deleted_at: number | null;
}

export interface MessageReactionsTable {
  message_id: number;
  reactor_key: string;
  by_name: string;
  by_customer: number;
  emoji: string;
  created_at: number;
}

/** A file's bytes by their sha256, on PostgreSQL (files/database-store.ts); SQLite keeps them on disk. */
export interface FileContentsTable {
  sha256: string;
  size: number;
  parts: number;
  /** Uploads in progress that stored or reuse this content and have not written their file's row yet. */
  holds: Generated<number>;
  /** When it was last held (epoch ms): holds older than a day are of uploads that died. */
  held_at: Generated<number>;
}

export interface FileContentPartsTable {
  sha256: string;
  part: number;
  data: Buffer;
}

export interface FilesTable {
  id: Generated<number>;
  /** Null while a visitor's upload waits to be sent (the visitor may have no conversation yet). */
  conversation_id: number | null;
  /** Of the original bytes: its key in the content store. */
  sha256: string;
  size: number;
  name: string;
  /** Detected from the bytes. */
  mime: string;
  kind: 'image' | 'document';
  width: number | null;
  height: number | null;
  display_sha256: string | null;
  display_mime: string | null;
  thumb_sha256: string | null;
  thumb_mime: string | null;
  uploaded_by_user: number | null;
  uploaded_by_customer: number | null;
  created_at: number;
}

export interface MessageFilesTable {
  message_id: number;
  file_id: number;
  position: number;
}

export interface QueuesTable {
  id: Generated<number>;
  number: string;
  name: string;
  strategy: string;
  ring_time_s: number;
  max_wait_s: number;
  /** JSON Destination. */
  no_agents_destination: string;
  timeout_destination: string;
  last_taken_by: number | null;
}

export interface QueueAgentsTable {
  queue_id: number;
  user_id: number;
  position: number;
  logged_in: number;
}

export interface QueueManagersTable {
  queue_id: number;
  user_id: number;
}

export type ChannelTypeName = 'livechat' | 'whatsapp' | 'messenger' | 'sms';

export interface CustomersTable {
  id: Generated<number>;
  /** The channel they first wrote through. */
  channel: ChannelTypeName;
  name: string;
  email: string;
  phone: string;
  language: Generated<string>;
  event_seq: Generated<number>;
  created_at: number;
}

/** How a customer is known on one channel account; `(account_id, external_id)` is unique. */
export interface CustomerIdentitiesTable {
  id: Generated<number>;
  customer_id: number;
  account_id: number | null;
  /** A visitor token's sha256, "wa:<wa_id>", "bsuid:<user_id>", later a page-scoped id or a number. */
  external_id: string;
  /** The network address a website visitor last wrote from; '' on messaging apps. */
  ip: Generated<string>;
  /** Blocked on a messaging app: what they send is stored as blocked and not routed. */
  blocked: Generated<number>;
  /** Their last message through this account: opens WhatsApp's 24-hour reply window. */
  last_inbound_at: number | null;
  /** SMS: 1 after the customer texted STOP (or another opt-out keyword), 0 again after START. */
  opted_out: Generated<number>;
  created_at: number;
}

export interface ChatSessionsTable {
  id: Generated<number>;
  conversation_id: number;
  opened_at: number;
  closed_at: number | null;
  close_reason: 'dealt_with' | 'ended' | 'blocked' | null;
  taken_by: number | null;
  taken_at: number | null;
}

export interface ChannelAccountsTable {
  id: Generated<number>;
  type: ChannelTypeName;
  name: string;
  /** Public: a widget's data-widget key, and the last segment of the account's webhook URL. */
  key: string;
  target_type: 'queue' | 'extension';
  target_id: number;
  /** JSON of the type's settings (LiveChatSettings, WhatsAppSettings…), without secrets. */
  settings: Generated<string>;
  /** The type's secrets as JSON, encrypted (channels/secrets.ts); '' when none. */
  secrets: Generated<string>;
  /** JSON of what was fetched from the provider (e.g. WhatsApp templates) and when. */
  cache: Generated<string>;
  created_at: number;
  /** When a verified webhook last came in for the account (null: never); kept by the webhook inbox. */
  last_webhook_at: number | null;
}

/** One agent reply to a messaging-app customer, waiting to be sent (or given up on). */
export interface OutboxTable {
  id: Generated<number>;
  message_id: number;
  account_id: number;
  state: 'pending' | 'sent' | 'failed';
  /** JSON: {template?: {name, language, parameters}}. */
  payload: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: number;
  /** Which sender holds it until when: a sender that died lets the lease run out, and another takes it. */
  lease_owner: string | null;
  lease_until: number | null;
  provider_id: string | null;
  last_error: string | null;
  created_at: number;
}

/** A provider's webhook, stored before it is acknowledged and processed after. */
export interface WebhookInboxTable {
  id: Generated<number>;
  account_id: number;
  dedupe_key: string | null;
  body: string;
  state: 'pending' | 'done' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  error: string | null;
  received_at: number;
}

export interface IpBlocksTable {
  id: Generated<number>;
  ip: string;
  created_by: number | null;
  customer_name: string;
  created_at: number;
}

export interface CustomerEventsTable {
  customer_id: number;
  seq: number;
  payload: string;
  created_at: number;
}

export interface EventsTable {
  user_id: number;
  seq: number;
  /** Empty when the payload is shared (`payload_id`). */
  payload: string;
  payload_id: number | null;
  created_at: number;
}

/** A payload several users' events share (0016_shared_event_payloads). */
export interface EventPayloadsTable {
  id: Generated<number>;
  payload: string;
  created_at: number;
}

export interface TemplateCategoriesTable {
  id: Generated<number>;
  group_id: number;
  name: string;
}

export interface TemplatesTable {
  id: Generated<number>;
  group_id: number;
  category_id: number | null;
  title: string;
  body: string;
  language: string;
  /** Lower-cased title and body, for search. */
  search_text: string;
  created_by: number | null;
  updated_at: number;
}

export interface ChatSettingsTable {
  user_id: number;
  toaster: number;
  web_notifications: number;
  play_sound: number;
  sound: string;
  updated_at: number;
}

export interface CustomSoundsTable {
  user_id: number;
  name: string;
  type: string;
  size: number;
  data: Buffer;
  created_at: number;
}

/** Organisation-wide settings an admin changes (settings/), by key. */
export interface OrgSettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

/** A voice or video call (calls/): the two parties' devices are socket ids, live only while the call is. */
export interface CallsTable {
  id: Generated<number>;
  conversation_id: number;
  media: 'voice' | 'video';
  state: 'ringing' | 'connected' | 'ended';
  caller_id: number;
  caller_device: string;
  callee_user_id: number | null;
  callee_customer_id: number | null;
  /** The device that accepted; null while ringing (every device of the callee rings). */
  callee_device: string | null;
  end_reason: 'answered' | 'declined' | 'missed' | 'busy' | 'offline' | 'cancelled' | 'failed' | null;
  created_at: number;
  ring_until: number;
  answered_at: number | null;
  ended_at: number | null;
  /** When the caller's (callee's) device lost its last socket in a connected call: the reconnect grace runs. */
  caller_away_since: number | null;
  callee_away_since: number | null;
}

/** A server node's lease (calls/devices.ts): its live_sockets count while `lease_until` is ahead. */
export interface NodesTable {
  id: string;
  lease_until: number;
}

/** A socket open on some node: which recipient and device, so every node can tell who is reachable. */
export interface LiveSocketsTable {
  id: string;
  node_id: string;
  recipient: string;
  device: string;
}

/** Who is in a live call (calls/storage.ts): `u<userId>` or `c<customerId>`, unique, so of two claims one wins. */
export interface CallPartiesTable {
  party: string;
  call_id: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  favourites: FavouritesTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  events: EventsTable;
  event_payloads: EventPayloadsTable;
  queues: QueuesTable;
  queue_agents: QueueAgentsTable;
  queue_managers: QueueManagersTable;
  customers: CustomersTable;
  chat_sessions: ChatSessionsTable;
  channel_accounts: ChannelAccountsTable;
  customer_identities: CustomerIdentitiesTable;
  message_reactions: MessageReactionsTable;
  outbox: OutboxTable;
  webhook_inbox: WebhookInboxTable;
  ip_blocks: IpBlocksTable;
  customer_events: CustomerEventsTable;
  files: FilesTable;
  message_files: MessageFilesTable;
  template_categories: TemplateCategoriesTable;
  templates: TemplatesTable;
  chat_settings: ChatSettingsTable;
  custom_sounds: CustomSoundsTable;
  calls: CallsTable;
  org_settings: OrgSettingsTable;
  call_parties: CallPartiesTable;
  nodes: NodesTable;
  live_sockets: LiveSocketsTable;
  file_contents: FileContentsTable;
  file_content_parts: FileContentPartsTable;
}
