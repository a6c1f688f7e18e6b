import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const ConversationKind = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKind>;

export const MessageBody = z.string().trim().min(1, 'must not be empty').max(10_000);
/** Chosen by the sending client; a retried send with the same id is delivered once. */
export const ClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const Message = z.object({
  id: Id,
  conversationId: Id,
  senderId: Id,
  clientId: z.string(),
  body: z.string(),
  createdAt: Timestamp,
});
export type Message = z.infer<typeof Message>;

export const ConversationMember = z.object({
  id: Id,
  name: z.string(),
  extension: z.string(),
  lastReadMessageId: z.number().int(),
});
export type ConversationMember = z.infer<typeof ConversationMember>;

export const Conversation = z.object({
  id: Id,
  kind: ConversationKind,
  title: z.string(),
  members: z.array(ConversationMember),
  lastMessage: Message.nullable(),
  lastActivityAt: Timestamp,
  unread: z.number().int().nonnegative(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationList = z.object({ conversations: z.array(Conversation) });

export const CreateConversation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('direct'), userId: Id }),
  z.object({
    kind: z.literal('group'),
    title: z.string().trim().min(1).max(120),
    userIds: z.array(Id).min(1).max(500),
  }),
]);
export type CreateConversation = z.infer<typeof CreateConversation>;

export const SendMessage = z.object({ clientId: ClientId, body: MessageBody });
export type SendMessage = z.infer<typeof SendMessage>;

export const HistoryQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
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
