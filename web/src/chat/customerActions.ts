import type { Conversation, TransferTarget } from '@switchboard/protocol';
import type { TFunction } from 'i18next';
import { ApiError, api } from '../lib/api';
import { takeOverSocket } from '../realtime/sync';
import { showToast } from '../lib/toast';
import { errorText } from '../app/errorText';
import { navigate } from '../app/route';
import { bumpQueues } from '../queues/queuesStore';
import { chatStore, removeConversation, updateConversation } from './chatStore';

/**
 * Conversations the agent is moving away from themselves (transfer, delete): the `conversation.removed`
 * that follows is their own doing and needs no "taken away" notice.
 */
const ownRemovals = new Set<number>();

export function consumeOwnRemoval(conversationId: number): boolean {
  return ownRemovals.delete(conversationId);
}

/** I am removing myself from this conversation (leaving a group chat): its `conversation.removed` needs no notice. */
export function expectOwnRemoval(conversationId: number): void {
  ownRemovals.add(conversationId);
}

/** My own transfer or delete of this conversation is under way: it is no longer mine to act on. */
export function isLeaving(conversationId: number): boolean {
  return ownRemovals.has(conversationId);
}

async function refresh(conversationId: number): Promise<void> {
  try {
    updateConversation(await api<Conversation>('GET', `/api/conversations/${conversationId}`));
  } catch {
    // The event stream brings the change anyway.
  }
}

function leave(conversationId: number): void {
  if (chatStore.get().activeId === conversationId) navigate({ view: 'chat', conversationId: null });
  removeConversation(conversationId);
  bumpQueues();
}

function fail(err: unknown, t: TFunction): void {
  showToast(errorText(err, t), 'error');
}

/**
 * Over the socket when it is up (a chat offered to a whole queue is taken by many at once, and the socket
 * answers cheaper than HTTP); over HTTP when it is down or gave no answer, which answers a repeated take alike.
 */
async function take(conversationId: number): Promise<void> {
  const overSocket = takeOverSocket(conversationId);
  const viaHttp = () => api('POST', `/api/conversations/${conversationId}/take`);
  if (!overSocket) return void (await viaHttp());
  await overSocket.catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 0) return viaHttp();
    throw err;
  });
}

export async function takeChat(conversationId: number, t: TFunction): Promise<boolean> {
  try {
    await take(conversationId);
    await refresh(conversationId);
    bumpQueues();
    return true;
  } catch (err) {
    fail(err, t);
    if (err instanceof ApiError && (err.status === 409 || err.status === 403)) void dropIfNotMine(conversationId);
    return false;
  }
}

/**
 * After a refused Take: an offer withdrawn while this page was away can still be listed, as offers are live
 * events only (docs/protocol.md). The server's view of the chat replaces it, or it goes when I may no longer see it.
 */
async function dropIfNotMine(conversationId: number): Promise<void> {
  try {
    updateConversation(await api<Conversation>('GET', `/api/conversations/${conversationId}`));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) leave(conversationId);
  }
}

export async function transferChat(conversationId: number, to: TransferTarget, targetName: string, t: TFunction): Promise<string | null> {
  ownRemovals.add(conversationId);
  try {
    await api('POST', `/api/conversations/${conversationId}/transfer`, { to });
  } catch (err) {
    ownRemovals.delete(conversationId);
    return errorText(err, t);
  }
  leave(conversationId);
  showToast(t('customer.toast.transferred', { name: targetName }), 'success');
  return null;
}

export async function dealtWith(conversationId: number, t: TFunction): Promise<void> {
  try {
    await api('POST', `/api/conversations/${conversationId}/dealt-with`);
  } catch (err) {
    fail(err, t);
    return;
  }
  await refresh(conversationId);
  if (chatStore.get().activeId === conversationId) navigate({ view: 'chat', conversationId: null });
  bumpQueues();
  showToast(t('customer.toast.dealtWith'), 'success');
}

export async function endSession(conversationId: number, t: TFunction): Promise<void> {
  try {
    await api('POST', `/api/conversations/${conversationId}/end`);
    await refresh(conversationId);
    showToast(t('customer.toast.ended'), 'success');
  } catch (err) {
    fail(err, t);
  }
}

export async function blockVisitor(conversationId: number, t: TFunction): Promise<string | null> {
  try {
    await api('POST', `/api/conversations/${conversationId}/block`);
  } catch (err) {
    return errorText(err, t);
  }
  await refresh(conversationId);
  showToast(t('customer.toast.blocked'), 'success');
  return null;
}

export async function setArchived(conversationId: number, archived: boolean, t: TFunction): Promise<void> {
  try {
    await api('POST', `/api/conversations/${conversationId}/${archived ? 'archive' : 'unarchive'}`);
  } catch (err) {
    fail(err, t);
    return;
  }
  const known = chatStore.get().conversations[conversationId];
  if (known) updateConversation({ ...known, archived });
  await refresh(conversationId);
  showToast(t(archived ? 'customer.toast.archived' : 'customer.toast.unarchived'), 'success');
}

export async function deleteChat(conversationId: number, t: TFunction): Promise<string | null> {
  ownRemovals.add(conversationId);
  try {
    await api('DELETE', `/api/conversations/${conversationId}`);
  } catch (err) {
    ownRemovals.delete(conversationId);
    return errorText(err, t);
  }
  leave(conversationId);
  showToast(t('customer.toast.deleted'), 'success');
  return null;
}
