import { z } from 'zod';
import { ChannelType } from './channel-core.js';
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

/** One way a customer is known: on which account, and as what (a phone number, or 'Website visitor'). */
export const CustomerIdentity = z.object({
  type: ChannelType,
  accountName: z.string(),
  /** What identifies them there, readable: +49…, a business-scoped id; '' for a website visitor. */
  address: z.string(),
});
export type CustomerIdentity = z.infer<typeof CustomerIdentity>;

/** A customer found by name, number or email, to merge with (Information › Merge). */
export const CustomerSummary = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  channels: z.array(ChannelType),
  lastSeenAt: Timestamp,
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;
export const CustomerSearch = z.object({ q: Text().trim().min(2).max(100) });
export const CustomerSummaryList = z.object({ customers: z.array(CustomerSummary) });

/** Information: participants, the customer's details and the history across every session. */
export const ConversationInfo = z.object({
  conversationId: Id,
  participants: z.array(z.object({ id: Id, name: z.string(), extension: z.string(), role: z.string() })),
  customer: Customer.extend({ firstSeenAt: Timestamp }).nullable(),
  /** How the customer is known on each channel (one person merged from two channels has several). */
  identities: z.array(CustomerIdentity).default([]),
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
