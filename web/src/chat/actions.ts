import type { Conversation, Message, MessagePage } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { api, ApiError, withQuery } from '../lib/api';
import { newClientId } from '../lib/ids';
import { navigate } from '../app/route';
import {
  applyMessage,
  applyRead,
  beginHistory,
  chatStore,
  dropHistory,
  findPending,
  putPending,
  setHistory,
  setLoadingOlder,
  updateConversation,
  upsertConversation,
  wasRemoved,
} from './chatStore';
import { isLeaving } from './customerActions';

const PAGE_SIZE = 50;
const MAX_AUTO_RETRIES = 3;

export async function openDirectChat(userId: number): Promise<void> {
  const conversation = await api<Conversation>('POST', '/api/conversations', { kind: 'direct', userId });
  upsertConversation(conversation);
  navigate({ view: 'chat', conversationId: conversation.id });
}

export async function createGroupChat(title: string, userIds: number[]): Promise<void> {
  const conversation = await api<Conversation>('POST', '/api/conversations', { kind: 'group', title, userIds });
  upsertConversation(conversation);
  navigate({ view: 'chat', conversationId: conversation.id });
}

const fetching = new Set<number>();

/** Fetches a conversation we learn about only through one of its messages. */
export async function fetchConversation(id: number): Promise<void> {
  if (fetching.has(id)) return;
  fetching.add(id);
  try {
    upsertConversation(await api<Conversation>('GET', `/api/conversations/${id}`));
  } finally {
    fetching.delete(id);
  }
}

const loadingLatest = new Set<number>();

export async function loadLatest(conversationId: number): Promise<void> {
  if (loadingLatest.has(conversationId)) return;
  loadingLatest.add(conversationId);
  beginHistory(conversationId);
  try {
    const page = await api<MessagePage>('GET', withQuery(`/api/conversations/${conversationId}/messages`, { limit: PAGE_SIZE }));
    setHistory(conversationId, page);
  } catch (err) {
    dropHistory(conversationId);
    throw err;
  } finally {
    loadingLatest.delete(conversationId);
  }
}

export async function loadOlder(conversationId: number): Promise<void> {
  const history = chatStore.get().histories[conversationId];
  if (!history || history.nextBefore === null || history.loadingOlder) return;
  setLoadingOlder(conversationId, true);
  try {
    const page = await api<MessagePage>('GET', withQuery(`/api/conversations/${conversationId}/messages`, { before: history.nextBefore, limit: PAGE_SIZE }));
    setHistory(conversationId, page);
  } catch (err) {
    setLoadingOlder(conversationId, false);
    throw err;
  }
}

/**
 * Whether I may still mark this conversation read: not once it was taken from me (transferred away,
 * deleted, lost to a colleague) or while my own transfer or delete of it is on its way. The server
 * would refuse the read marker then (403), and a late message can still reach the open pane meanwhile.
 */
function mayMarkRead(conversationId: number): boolean {
  return !!chatStore.get().conversations[conversationId] && !wasRemoved(conversationId) && !isLeaving(conversationId);
}

export function markRead(conversationId: number, messageId: number): void {
  if (!mayMarkRead(conversationId)) return;
  const me = currentUser().id;
  applyRead(conversationId, me, messageId, me);
  void api('POST', `/api/conversations/${conversationId}/read`, { messageId }).catch(() => undefined);
}

export function sendMessage(conversationId: number, body: string): void {
  const clientId = newClientId();
  putPending({ clientId, conversationId, body, createdAt: Date.now(), status: 'sending', error: '', retryOnReconnect: false });
  void deliver(clientId, 0);
}

/** Sends (or re-sends) a pending message; the server delivers a clientId once, so retrying is always safe. */
async function deliver(clientId: string, attempt: number): Promise<void> {
  const pending = findPending(clientId);
  if (!pending) return;
  putPending({ ...pending, status: 'sending', error: '', errorCode: '', retryOnReconnect: false });
  try {
    const message = await api<Message>('POST', `/api/conversations/${pending.conversationId}/messages`, {
      clientId,
      body: pending.body,
    });
    applyMessage(message, currentUser().id, false);
  } catch (err) {
    const still = findPending(clientId);
    if (!still) return;
    const transient = !(err instanceof ApiError) || err.transient;
    if (transient && attempt < MAX_AUTO_RETRIES) {
      setTimeout(() => void deliver(clientId, attempt + 1), 1000 * 2 ** attempt);
      return;
    }
    putPending({
      ...still,
      status: 'failed',
      error: err instanceof Error ? err.message : '',
      errorCode: err instanceof ApiError ? err.code : '',
      retryOnReconnect: transient,
    });
  }
}

export function retryMessage(clientId: string): void {
  void deliver(clientId, 0);
}

export function retryFailedMessages(): void {
  for (const p of chatStore.get().pending) if (p.status === 'failed' && p.retryOnReconnect) void deliver(p.clientId, 0);
}

/** Merges the newest page and the conversation's current view in without clearing what is shown. */
export async function refreshLatest(conversationId: number): Promise<void> {
  const [page, conversation] = await Promise.all([
    api<MessagePage>('GET', withQuery(`/api/conversations/${conversationId}/messages`, { limit: PAGE_SIZE })),
    api<Conversation>('GET', `/api/conversations/${conversationId}`),
  ]);
  const history = chatStore.get().histories[conversationId];
  if (history?.loaded) setHistory(conversationId, { messages: page.messages, nextBefore: history.nextBefore });
  updateConversation(conversation);
}
