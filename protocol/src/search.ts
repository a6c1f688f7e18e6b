import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Text } from './text.js';
import { Channel, ConversationKind, MessageAuthor } from './chat.js';

/** A search in message text: every word must appear, each as the start of a word ("mül" finds "Müller"). */
export const MessageSearchQuery = z.object({
  q: Text().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type MessageSearchQuery = z.infer<typeof MessageSearchQuery>;

/** A message found, with what the result list needs to show where it is (no second request per hit). */
export const MessageHit = z.object({
  messageId: Id,
  conversationId: Id,
  conversationKind: ConversationKind,
  /** The group's title, the customer's name, or for a direct chat the other colleague's name. */
  conversationTitle: z.string(),
  channel: Channel.nullable(),
  author: MessageAuthor,
  /** The colleague who wrote it; null for a customer's message. */
  senderId: Id.nullable(),
  senderName: z.string(),
  body: z.string(),
  createdAt: Timestamp,
});
export type MessageHit = z.infer<typeof MessageHit>;

/** Newest first; only conversations the searcher is in (see docs/protocol.md "Message search"). */
export const MessageSearchResult = z.object({ hits: z.array(MessageHit) });
export type MessageSearchResult = z.infer<typeof MessageSearchResult>;
