import { z } from 'zod';
import { CallEndReason, CallMedia } from './calls.js';
import { CoercedId, Id, Timestamp } from './common.js';
import { NameText, Text } from './text.js';
import { Attachment, FileIds } from './files.js';
import { ChannelAccountRef, ChannelCapabilities, ChannelType, Delivery, Reaction } from './channel-core.js';

/** direct and group: colleagues; external: a customer writing in through a channel. */
export const ConversationKind = z.enum(['direct', 'group', 'external']);
export type ConversationKind = z.infer<typeof ConversationKind>;

/** The channel a customer chat came through (the type of its channel account). */
export const Channel = ChannelType;
export type Channel = z.infer<typeof Channel>;

/**
 * Of an external conversation: queued (waiting in its queue, offered to agents by its strategy),
 * owned (taken by one agent) or closed (the session ended; the next customer message opens a new one).
 */
export const ConversationState = z.enum(['queued', 'owned', 'closed']);
export type ConversationState = z.infer<typeof ConversationState>;

export const MessageBody = Text().trim().min(1, 'must not be empty').max(10_000);
/** Chosen by the sending client; a retried send with the same id is delivered once. */
export const ClientId = Text()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const MessageAuthor = z.enum(['user', 'customer', 'system']);
export type MessageAuthor = z.infer<typeof MessageAuthor>;

/** What a system line in a transcript records; clients render it in their language from these fields. */
export const SystemNote = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('taken'), agentName: z.string() }),
  z.object({ kind: z.literal('transferred'), fromName: z.string(), toName: z.string() }),
  z.object({ kind: z.literal('dealt_with'), agentName: z.string() }),
  z.object({ kind: z.literal('session_ended'), agentName: z.string() }),
  z.object({ kind: z.literal('blocked'), agentName: z.string() }),
  z.object({ kind: z.literal('offline_reply') }),
  /** A reply written outside Switchboard (e.g. in Meta's Page inbox) that reached the customer; its text is the body. */
  z.object({ kind: z.literal('external_reply'), via: z.string() }),
  /** Group chats: renamed, colleagues added or removed by a manager, a member left. */
  z.object({ kind: z.literal('group_renamed'), byName: z.string(), title: z.string() }),
  z.object({ kind: z.literal('members_added'), byName: z.string(), names: z.array(z.string()) }),
  z.object({ kind: z.literal('member_removed'), byName: z.string(), name: z.string() }),
  z.object({ kind: z.literal('member_left'), name: z.string() }),
  /** A voice or video call in this chat: who called whom, how it ended, and how long they talked (answered only). */
  z.object({
    kind: z.literal('call'),
    /** The colleague who called (a call is always placed by a colleague). */
    callerId: z.number().int(),
    callerName: z.string(),
    calleeName: z.string(),
    media: CallMedia,
    outcome: CallEndReason,
    durationMs: z.number().int().nonnegative().nullable(),
  }),
]);
export type SystemNote = z.infer<typeof SystemNote>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  author: MessageAuthor,
  /** The colleague who wrote it; null for the customer's and system messages. */
  senderId: Id.nullable(),
  /** The author's name as it was when sent (a colleague, the customer, or '' for system lines). */
  senderName: z.string(),
  clientId: z.string(),
  body: z.string(),
  system: SystemNote.nullable(),
  createdAt: Timestamp,
  /** Files sent with it, in the order chosen; empty for most messages. */
  attachments: z.array(Attachment).default([]),
  /** Of a colleague's message to a messaging-app customer: how far it got; null elsewhere. */
  delivery: Delivery.nullable().default(null),
  /** Reactions on it (WhatsApp, Messenger), in the order they came. */
  reactions: z.array(Reaction).default([]),
  /** When its author last edited it (internal chats, within MESSAGE_EDIT_MINUTES); null otherwise. */
  editedAt: Timestamp.nullable().optional(),
  /** When its author deleted it: its text and files are gone, everyone sees that it was deleted. */
  deletedAt: Timestamp.nullable().optional(),
});
export type Message = z.infer<typeof Message>;

export const ConversationMember = z.object({
  id: Id,
  name: z.string(),
  extension: z.string(),
  lastReadMessageId: z.number().int(),
});
export type ConversationMember = z.infer<typeof ConversationMember>;

export const Customer = z.object({
  id: Id,
  channel: Channel,
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  /** The customer's language (ISO 639-1) when known, e.g. from the visitor's browser; '' otherwise. */
  language: z.string(),
  /** The network address they last wrote from ('' when not known); Block blocks this address. */
  ip: z.string().default(''),
  /** Blocked (their IP, or their number on a messaging app): nothing reaches them, and what they send is not routed. */
  blocked: z.boolean().default(false),
});
export type Customer = z.infer<typeof Customer>;

export const QueueRef = z.object({ id: Id, number: z.string(), name: z.string() });
export type QueueRef = z.infer<typeof QueueRef>;

/** How I (the viewer) relate to it: member of an internal chat, offered, owner, or a former owner. */
export const ViewerRole = z.enum(['member', 'offered', 'owner', 'former', 'supervisor']);
export type ViewerRole = z.infer<typeof ViewerRole>;

export const Conversation = z.object({
  id: Id,
  kind: ConversationKind,
  /** A group's title, or the customer's name; empty for a direct chat (show the other member). */
  title: z.string(),
  /** The colleagues in it: members of an internal chat; a customer chat's owner (never the agents it is offered to). */
  members: z.array(ConversationMember),
  lastMessage: Message.nullable(),
  lastActivityAt: Timestamp,
  unread: z.number().int().nonnegative(),
  channel: Channel.nullable(),
  state: ConversationState.nullable(),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  queue: QueueRef.nullable(),
  customer: Customer.nullable(),
  /** The channel account a customer chat came through; null for internal chats. */
  account: ChannelAccountRef.nullable().default(null),
  /** What its channel can do (which actions to show); null for internal chats. */
  capabilities: ChannelCapabilities.nullable().default(null),
  /** When free-form replies stop being possible (WhatsApp's 24 hours after the customer's last message); null: no limit. */
  replyWindowClosesAt: Timestamp.nullable().default(null),
  myRole: ViewerRole,
  /** Archived by me: out of my Recents, listed under Archived. */
  archived: z.boolean(),
  /** A group chat's creator, who manages it with the admins among its members; null otherwise. */
  createdBy: Id.nullable().optional(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationList = z.object({ conversations: z.array(Conversation) });
export type ConversationList = z.infer<typeof ConversationList>;
export const ConversationListQuery = z.object({ archived: z.stringbool().default(false) });

export const CreateConversation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct'), userId: Id }),
  z.object({
    kind: z.literal('group'),
    title: NameText(120),
    userIds: z.array(Id).min(1).max(500),
  }),
]);
export type CreateConversation = z.infer<typeof CreateConversation>;

/** A group chat's new title. */
export const RenameConversation = z.object({ title: NameText(120) });
export type RenameConversation = z.infer<typeof RenameConversation>;

/** Colleagues to add to a group chat (those already in it are left as they are). */
export const AddMembers = z.object({ userIds: z.array(Id).min(1).max(500) });
export type AddMembers = z.infer<typeof AddMembers>;
export const MemberParam = z.object({ id: CoercedId, userId: CoercedId });

/** The text of a message sent with files: required, but may be '' then (see `hasTextOrFiles`). */
export const OptionalMessageBody = Text().trim().max(10_000);
/** A message has text, files (uploaded first, see files.ts), or both. */
export const hasTextOrFiles: [(m: { body: string; fileIds?: number[] | undefined }) => boolean, { path: string[]; message: string }] = [
  (m) => m.body.length > 0 || (m.fileIds?.length ?? 0) > 0,
  { path: ['body'], message: 'must not be empty' },
];

export const SendMessage = z.object({ clientId: ClientId, body: OptionalMessageBody, fileIds: FileIds.optional() }).refine(...hasTextOrFiles);
export type SendMessage = z.infer<typeof SendMessage>;

export const HistoryQuery = z.object({
  before: CoercedId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const MessagePage = z.object({
  messages: z.array(Message),
  /** Pass as `before` to get the next older page; null when the start of the conversation is reached. */
  nextBefore: Id.nullable(),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const MarkRead = z.object({ messageId: Id });

/** My message's new text. */
export const EditMessage = z.object({ body: MessageBody });
export type EditMessage = z.infer<typeof EditMessage>;

/** How the server judges changes to my messages, so the client offers Edit and Delete exactly while allowed. */
export const MessageRules = z.object({
  /** How long after sending I may edit or delete my message in an internal chat (MESSAGE_EDIT_MINUTES). */
  editWindowMs: z.number().int().nonnegative(),
});
export type MessageRules = z.infer<typeof MessageRules>;
