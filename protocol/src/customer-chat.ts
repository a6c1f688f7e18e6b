import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Text } from './text.js';
import { Customer, Message } from './chat.js';

export const TransferTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: Id }),
  z.object({ type: z.literal('queue'), queueId: Id }),
]);
export type TransferTarget = z.infer<typeof TransferTarget>;
export const TransferRequest = z.object({ to: TransferTarget });

export const SessionCloseReason = z.enum(['dealt_with', 'ended', 'blocked']);
export type SessionCloseReason = z.infer<typeof SessionCloseReason>;

export const ChatSession = z.object({
  id: Id,
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  closeReason: SessionCloseReason.nullable(),
  takenBy: z.object({ id: Id, name: z.string() }).nullable(),
});
export type ChatSession = z.infer<typeof ChatSession>;

/** Information: participants, the customer's details and the history across every session. */
export const ConversationInfo = z.object({
  conversationId: Id,
  participants: z.array(z.object({ id: Id, name: z.string(), extension: z.string(), role: z.string() })),
  customer: Customer.extend({ firstSeenAt: Timestamp }).nullable(),
  sessions: z.array(ChatSession),
  messages: z.array(Message),
});
export type ConversationInfo = z.infer<typeof ConversationInfo>;

export const EmailCustomer = z.object({
  subject: Text().trim().min(1).max(200),
  body: Text().trim().min(1).max(20_000),
});
export type EmailCustomer = z.infer<typeof EmailCustomer>;

export const IpBlock = z.object({
  id: Id,
  ip: z.string(),
  createdAt: Timestamp,
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  customerName: z.string(),
});
export type IpBlock = z.infer<typeof IpBlock>;
export const IpBlockList = z.object({ blocks: z.array(IpBlock) });
