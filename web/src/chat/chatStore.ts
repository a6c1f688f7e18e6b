import type { Conversation, Message } from '@switchboard/protocol';
import { createStore } from '../lib/store';

export interface PendingMessage {
  clientId: string;
  conversationId: number;
  body: string;
  createdAt: number;
  status: 'sending' | 'failed';
  error: string;
  /** The server's error code when it refused the message (e.g. REPLY_WINDOW_CLOSED). */
  errorCode?: string;
  /** Failed for a reason that a reconnect may cure, so it is re-sent automatically then. */
  retryOnReconnect: boolean;
}

export interface History {
  /** Confirmed messages, oldest first, unique by id. */
  messages: readonly Message[];
  nextBefore: number | null;
  /** False until the newest page arrived; messages that arrive live meanwhile are kept and merged. */
  loaded: boolean;
  loadingOlder: boolean;
}

/** Why an open customer chat was closed under the agent: shown in its place until they move on. */
export interface RemovedNotice {
  conversationId: number;
  title: string;
  reason: 'taken' | 'transferred' | 'offer_moved' | 'deleted' | 'removed_from_group' | 'left';
  byName: string | null;
}

interface ChatState {
  loaded: boolean;
  removed: RemovedNotice | null;
  conversations: Readonly<Record<number, Conversation>>;
  histories: Readonly<Record<number, History>>;
  pending: readonly PendingMessage[];
  activeId: number | null;
}

const initial: ChatState = { loaded: false, removed: null, conversations: {}, histories: {}, pending: [], activeId: null };

export const chatStore = createStore<ChatState>(initial);

export function resetChat(): void {
  newerVersions.clear();
  chatStore.set(() => initial);
}

export function setActiveConversation(activeId: number | null): void {
  chatStore.set((s) => {
    if (s.activeId === activeId) return s;
    // Opening another chat dismisses the notice about the one that went away.
    const removed = activeId !== null && s.removed ? null : s.removed;
    return { ...s, activeId, removed };
  });
}

export function setRemovedNotice(removed: RemovedNotice | null): void {
  chatStore.set((s) => (s.removed === removed ? s : { ...s, removed }));
}

/** Replaces everything known from a fresh HTTP load; cached histories are dropped since they may have gaps. */
export function replaceConversations(list: readonly Conversation[]): void {
  chatStore.set((s) => ({
    ...s,
    loaded: true,
    conversations: Object.fromEntries(list.map((c) => [c.id, c])),
    histories: {},
  }));
}

/**
 * The list read again after a resumed stream. The stream brought everything missed in my own chats, so their
 * histories stay; what concerned chats only offered to me came live and may have been missed while the socket
 * was down (docs/protocol.md), so their histories go with the old list.
 */
export function refreshConversations(list: readonly Conversation[]): void {
  const kept = new Set(list.filter((c) => c.myRole !== 'offered').map((c) => c.id));
  chatStore.set((s) => ({
    ...s,
    conversations: Object.fromEntries(list.map((c) => [c.id, c])),
    histories: Object.fromEntries(Object.entries(s.histories).filter(([id]) => kept.has(Number(id)))),
  }));
}

export function upsertConversation(conversation: Conversation): void {
  removedIds.delete(conversation.id);
  chatStore.set((s) => ({ ...s, conversations: { ...s.conversations, [conversation.id]: conversation } }));
}

/**
 * A colleague's new display name wherever the chat shows it from the conversations: members (a direct
 * chat's title), owners, and the last message's author in Recents. Message headings use the member names.
 */
export function renameUser(userId: number, name: string): void {
  const rename = <T extends { id: number; name: string }>(person: T): T => (person.id === userId ? { ...person, name } : person);
  chatStore.set((s) => ({
    ...s,
    conversations: Object.fromEntries(
      Object.values(s.conversations).map((c) => [
        c.id,
        {
          ...c,
          members: c.members.map(rename),
          owner: c.owner && rename(c.owner),
          lastMessage: c.lastMessage?.author === 'user' && c.lastMessage.senderId === userId ? { ...c.lastMessage, senderName: name } : c.lastMessage,
        },
      ]),
    ),
  }));
}

/** Takes a changed conversation from an event without rolling back activity the client has already seen. */
export function updateConversation(conversation: Conversation): void {
  const s = chatStore.get();
  const existing = s.conversations[conversation.id];
  const stale = (existing?.lastMessage?.id ?? 0) > (conversation.lastMessage?.id ?? 0);
  // A message I was not sent (a system line written after I stopped seeing the chat, e.g. my own
  // "dealt with") leaves a cached history with a gap: drop it so it is loaded again when shown.
  const history = s.histories[conversation.id];
  const newest = conversation.lastMessage;
  if (history?.loaded && newest && !history.messages.some((m) => m.id === newest.id) && newest.id > (history.messages.at(-1)?.id ?? 0)) {
    dropHistory(conversation.id);
  }
  upsertConversation(
    existing && stale ? { ...conversation, lastMessage: existing.lastMessage, lastActivityAt: existing.lastActivityAt, unread: existing.unread } : conversation,
  );
}

/** Conversations taken away from me in this session: not fetched again just because a view still names them. */
const removedIds = new Set<number>();

export function wasRemoved(id: number): boolean {
  return removedIds.has(id);
}

export function removeConversation(id: number): void {
  removedIds.add(id);
  chatStore.set((s) => {
    if (!s.conversations[id]) return s;
    const conversations = { ...s.conversations };
    delete conversations[id];
    const histories = { ...s.histories };
    delete histories[id];
    return { ...s, conversations, histories, pending: s.pending.filter((p) => p.conversationId !== id) };
  });
}

function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map<number, Message>();
  for (const m of existing) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * Applies a confirmed message, whether it came from the socket, a replay, or the answer to our own send.
 * Returns false when the conversation is unknown and must be fetched first.
 */
export function applyMessage(incoming: Message, meId: number, countsAsUnread: boolean): boolean {
  const conversation = chatStore.get().conversations[incoming.conversationId];
  if (!conversation) return false;
  // Its delivery may have moved on before this copy arrived (the outbox is quicker than the send's answer).
  const message = newerVersions.get(incoming.id) ?? incoming;
  newerVersions.delete(incoming.id);
  chatStore.set((s) => {
    const conversations = { ...s.conversations };
    const known = conversation.lastMessage !== null && conversation.lastMessage.id >= message.id;
    if (!known) {
      conversations[conversation.id] = {
        ...conversation,
        lastMessage: message,
        lastActivityAt: Math.max(conversation.lastActivityAt, message.createdAt),
        unread: message.senderId !== meId && countsAsUnread ? conversation.unread + 1 : conversation.unread,
      };
    }
    const history = s.histories[message.conversationId];
    // A copy already shown is at least as new as this one: changes after sending come only as updates.
    const histories =
      history && !history.messages.some((m) => m.id === message.id)
        ? { ...s.histories, [message.conversationId]: { ...history, messages: mergeMessages(history.messages, [message]) } }
        : s.histories;
    const pending = s.pending.filter((p) => !(p.clientId === message.clientId && p.conversationId === message.conversationId && message.senderId === meId));
    return { ...s, conversations, histories, pending };
  });
  return true;
}

/** Updates to messages not shown yet, by id: applied when the message arrives. */
const newerVersions = new Map<number, Message>();
const MAX_NEWER_VERSIONS = 200;

/**
 * A message's delivery state or reactions changed (`message.updated`): replace it in place wherever it
 * is held — the conversation's history and the list's last message. Unknown messages are left alone:
 * a history that is loaded later brings the new version.
 */
export function applyMessageUpdate(message: Message): void {
  chatStore.set((s) => {
    const conversation = s.conversations[message.conversationId];
    const history = s.histories[message.conversationId];
    const inList = conversation?.lastMessage?.id === message.id;
    const inHistory = history?.messages.some((m) => m.id === message.id) === true;
    if (!inList && !inHistory) {
      // Not shown yet: the message itself may still be on its way (the answer to my send); keep this version for it.
      newerVersions.set(message.id, message);
      if (newerVersions.size > MAX_NEWER_VERSIONS) newerVersions.delete(newerVersions.keys().next().value as number);
      return s;
    }
    return {
      ...s,
      conversations: inList && conversation ? { ...s.conversations, [conversation.id]: { ...conversation, lastMessage: message } } : s.conversations,
      histories:
        inHistory && history
          ? { ...s.histories, [message.conversationId]: { ...history, messages: history.messages.map((m) => (m.id === message.id ? message : m)) } }
          : s.histories,
    };
  });
}

/**
 * The answer to my own request about a message (Retry): applied unless the event stream has changed the
 * message since `previous` was shown — then the stream's copy is the newer one (e.g. already 'sent').
 */
export function applyMessageAnswer(previous: Message, answer: Message): void {
  const s = chatStore.get();
  const last = s.conversations[answer.conversationId]?.lastMessage;
  const shown = s.histories[answer.conversationId]?.messages.find((m) => m.id === answer.id) ?? (last?.id === answer.id ? last : undefined);
  if (shown && shown !== previous) return;
  applyMessageUpdate(answer);
}

export function applyRead(conversationId: number, userId: number, lastReadMessageId: number, meId: number): void {
  chatStore.set((s) => {
    const conversation = s.conversations[conversationId];
    if (!conversation) return s;
    const members = conversation.members.map((m) => (m.id === userId ? { ...m, lastReadMessageId: Math.max(m.lastReadMessageId, lastReadMessageId) } : m));
    const caughtUp = userId === meId && (conversation.lastMessage?.id ?? 0) <= lastReadMessageId;
    return {
      ...s,
      conversations: {
        ...s.conversations,
        [conversationId]: { ...conversation, members, unread: caughtUp ? 0 : conversation.unread },
      },
    };
  });
}

export function beginHistory(conversationId: number): void {
  chatStore.set((s) => ({
    ...s,
    histories: { ...s.histories, [conversationId]: { messages: [], nextBefore: null, loaded: false, loadingOlder: false } },
  }));
}

export function dropHistory(conversationId: number): void {
  chatStore.set((s) => {
    const histories = { ...s.histories };
    delete histories[conversationId];
    return { ...s, histories };
  });
}

export function setHistory(conversationId: number, page: { messages: readonly Message[]; nextBefore: number | null }): void {
  chatStore.set((s) => {
    const existing = s.histories[conversationId];
    const messages = mergeMessages(existing?.messages ?? [], page.messages);
    return {
      ...s,
      histories: {
        ...s.histories,
        [conversationId]: { messages, nextBefore: page.nextBefore, loaded: true, loadingOlder: false },
      },
    };
  });
}

export function setLoadingOlder(conversationId: number, loadingOlder: boolean): void {
  chatStore.set((s) => {
    const history = s.histories[conversationId];
    if (!history) return s;
    return { ...s, histories: { ...s.histories, [conversationId]: { ...history, loadingOlder } } };
  });
}

export function putPending(message: PendingMessage): void {
  chatStore.set((s) => {
    const exists = s.pending.some((p) => p.clientId === message.clientId);
    const pending = exists ? s.pending.map((p) => (p.clientId === message.clientId ? message : p)) : [...s.pending, message];
    return { ...s, pending };
  });
}

export function findPending(clientId: string): PendingMessage | undefined {
  return chatStore.get().pending.find((p) => p.clientId === clientId);
}
