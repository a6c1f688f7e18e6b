import { z } from 'zod';
import { Id } from './common.js';
import { Conversation, Message, ClientId, MessageBody } from './chat.js';
import { Presence, PresenceStatus } from './team.js';
import { CallEvents, CallPartyFrame, CallStartFrame } from './calls.js';

/**
 * Durable events carry a per-user `seq` and are stored, so a client that resumes from the
 * last seq it saw receives exactly what it missed. Ephemeral events (presence, errors, control) carry no seq.
 */
export const DurableEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.created'), message: Message }),
  /** Its delivery state or reactions changed (messaging-app chats). */
  z.object({ type: z.literal('message.updated'), message: Message }),
  /** A conversation I can now see: new, offered to me, transferred to me. */
  z.object({ type: z.literal('conversation.created'), conversation: Conversation }),
  /** Its state, owner, offers or my archive flag changed. */
  z.object({ type: z.literal('conversation.updated'), conversation: Conversation }),
  /** I can no longer see it: taken by someone else, transferred away, offer moved on, deleted. */
  z.object({
    type: z.literal('conversation.removed'),
    conversationId: Id,
    reason: z.enum(['taken', 'transferred', 'offer_moved', 'deleted', 'removed_from_group', 'left']),
    byName: z.string().nullable(),
  }),
  /** A colleague's display name changed (My account, or an admin): shown everywhere from now on. */
  z.object({ type: z.literal('user.renamed'), userId: Id, name: z.string() }),
  z.object({
    type: z.literal('conversation.read'),
    conversationId: Id,
    userId: Id,
    lastReadMessageId: z.number().int(),
  }),
]);
export type DurableEvent = z.infer<typeof DurableEvent>;

export type SequencedEvent = DurableEvent & { seq: number };

/**
 * The same events without a seq, sent live and never stored: what concerns a colleague who is only *offered*
 * a customer chat (it is offered, moved on, taken by another; its messages while it waits). Offers are state,
 * not history: a client reloads its conversations on every `ready`, so an offer made or withdrawn while it was
 * away is in that list (docs/protocol.md).
 */
export type LiveEvent = DurableEvent;

export const EphemeralEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), lastSeq: z.number().int() }),
  z.object({ type: z.literal('resync'), lastSeq: z.number().int() }),
  z.object({ type: z.literal('presence'), userId: Id, presence: Presence }),
  z.object({ type: z.literal('sent'), clientId: z.string(), message: Message }),
  /** The answer to a `take` frame: the chat is mine now (a refusal is an `error` with the same clientId). */
  z.object({ type: z.literal('taken'), clientId: z.string(), conversationId: Id }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    clientId: z.string().optional(),
    /** What a client needs to word the error itself, as in HTTP error bodies (e.g. `name` of ALREADY_TAKEN). */
    params: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ type: z.literal('pong') }),
  ...CallEvents,
  /** Someone is typing in a conversation: a colleague (`userId`) or the live chat visitor (no `userId`). Never stored. */
  z.object({ type: z.literal('typing'), conversationId: Id, userId: Id.optional(), name: z.string() }),
]);
export type EphemeralEvent = z.infer<typeof EphemeralEvent>;

export type ServerEvent = SequencedEvent | LiveEvent | EphemeralEvent;

export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('send'), conversationId: Id, clientId: ClientId, body: MessageBody }),
  z.object({ type: z.literal('read'), conversationId: Id, messageId: Id }),
  /**
   * Take a customer chat, as POST /api/conversations/:id/take does, over the socket the client already has:
   * when a chat is offered to a whole queue every agent's client may take at once, and a refusal here costs
   * the server a fraction of an HTTP request.
   */
  z.object({ type: z.literal('take'), conversationId: Id, clientId: ClientId }),
  z.object({ type: z.literal('presence'), status: PresenceStatus }),
  z.object({ type: z.literal('ping') }),
  CallStartFrame,
  ...CallPartyFrame.options,
  /** I am typing in this conversation (at most every 3 seconds while I type). */
  z.object({ type: z.literal('typing'), conversationId: Id }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
