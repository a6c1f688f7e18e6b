import type { Conversation } from '@switchboard/protocol';
import { navigate } from '../app/route';
import { api } from '../lib/api';
import { chatStore, removeConversation, updateConversation } from './chatStore';
import { consumeOwnRemoval, expectOwnRemoval } from './customerActions';

/** A group chat's managers (its creator, the admins among its members) rename it and add and remove colleagues. */
export function managesGroup(conversation: Conversation, me: { id: number; role: string }): boolean {
  return conversation.kind === 'group' && (conversation.createdBy === me.id || me.role === 'admin');
}

export async function renameGroup(conversationId: number, title: string): Promise<void> {
  updateConversation(await api<Conversation>('PATCH', `/api/conversations/${conversationId}`, { title }));
}

export async function addGroupMembers(conversationId: number, userIds: number[]): Promise<void> {
  updateConversation(await api<Conversation>('POST', `/api/conversations/${conversationId}/members`, { userIds }));
}

export async function removeGroupMember(conversationId: number, userId: number): Promise<void> {
  updateConversation(await api<Conversation>('DELETE', `/api/conversations/${conversationId}/members/${userId}`));
}

/** Leaves the group chat: it goes from my list at once (the event that follows is my own doing). */
export async function leaveGroup(conversationId: number): Promise<void> {
  expectOwnRemoval(conversationId);
  try {
    await api('POST', `/api/conversations/${conversationId}/leave`);
  } catch (err) {
    consumeOwnRemoval(conversationId);
    throw err;
  }
  if (chatStore.get().activeId === conversationId) navigate({ view: 'chat', conversationId: null });
  removeConversation(conversationId);
}
