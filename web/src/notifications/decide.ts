import type { Conversation, DurableEvent } from '@switchboard/protocol';

/** What the user is looking at when an event arrives. */
export interface NotifyContext {
  me: number;
  /** The conversation open on screen, if any. */
  activeId: number | null;
  /** The page is visible and focused: an open conversation needs no notification. */
  watching: boolean;
  now: number;
  /** The conversation as known before this event (undefined when new to this client). */
  known: (conversationId: number) => Conversation | undefined;
}

export type Notice =
  | { kind: 'message'; conversationId: number; conversation: Conversation | undefined; senderName: string; body: string }
  /** A queue offers me a customer chat. */
  | { kind: 'offered'; conversation: Conversation; conversationId: number }
  /** A colleague handed a chat to me. */
  | { kind: 'transferred'; conversation: Conversation; conversationId: number; fromName: string }
  /** A chat routed straight to me (a widget or destination naming my extension). */
  | { kind: 'assigned'; conversation: Conversation; conversationId: number }
  /** A colleague called me and nobody answered (the call's transcript line). */
  | { kind: 'missedCall'; conversation: Conversation | undefined; conversationId: number; callerName: string; video: boolean };

/** Messages older than this arrive from a reconnect's catch-up, not live: they are not announced again. */
export const STALE_MS = 2 * 60 * 1000;

/**
 * Whether an event deserves a notification, and which. Never for my own messages or for what I did
 * myself (taking a chat), never for the conversation I am watching; for a new message elsewhere, a chat
 * a queue offers me, and a chat transferred or assigned to me.
 */
export function decideNotification(event: DurableEvent, context: NotifyContext): Notice | null {
  const onScreen = (id: number) => context.watching && context.activeId === id;
  switch (event.type) {
    case 'message.created': {
      const { message } = event;
      const call = message.system?.kind === 'call' ? message.system : null;
      // A missed call notifies like a message; every other system line (and my own messages) stays quiet.
      const missed = call !== null && call.outcome === 'missed' && call.callerId !== context.me;
      if ((message.author === 'system' && !missed) || (message.author === 'user' && message.senderId === context.me)) return null;
      if (onScreen(message.conversationId) || context.now - message.createdAt > STALE_MS) return null;
      if (missed && call) {
        const conversation = context.known(message.conversationId);
        return { kind: 'missedCall', conversationId: message.conversationId, conversation, callerName: call.callerName, video: call.media === 'video' };
      }
      const conversation = context.known(message.conversationId);
      if (conversation?.myRole === 'supervisor' || conversation?.myRole === 'former') return null;
      return { kind: 'message', conversationId: message.conversationId, conversation, senderName: message.senderName, body: message.body };
    }
    case 'conversation.created':
    case 'conversation.updated': {
      const { conversation } = event;
      if (onScreen(conversation.id)) return null;
      const before = event.type === 'conversation.updated' ? context.known(conversation.id) : undefined;
      if (before?.myRole === conversation.myRole) return null;
      const note = conversation.lastMessage?.system ?? null;
      if (conversation.myRole === 'offered') return { kind: 'offered', conversation, conversationId: conversation.id };
      if (conversation.myRole !== 'owner') return null;
      // Offered to me and now mine: I pressed Take. A supervisor taking a chat sees its own "joined" note.
      if (before?.myRole === 'offered' || note?.kind === 'taken') return null;
      if (note?.kind === 'transferred') return { kind: 'transferred', conversation, conversationId: conversation.id, fromName: note.fromName };
      if (event.type === 'conversation.created') return { kind: 'assigned', conversation, conversationId: conversation.id };
      return null;
    }
    default:
      return null;
  }
}

/**
 * Whom a notice is about, for its avatar: the sender of a message, the customer of an offered,
 * transferred or assigned chat. Never the notice's title, whose first words are "New chat from…".
 */
export function noticePerson(notice: Notice, me: number): string {
  if (notice.kind === 'missedCall') return notice.callerName;
  if (notice.kind === 'message') {
    const c = notice.conversation;
    const direct = c?.kind === 'direct' ? c.members.find((m) => m.id !== me)?.name : undefined;
    return notice.senderName || direct || c?.title || '';
  }
  const c = notice.conversation;
  return c.customer?.name || c.title;
}
