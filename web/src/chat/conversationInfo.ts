import type { Conversation, ConversationMember } from '@switchboard/protocol';

export function otherMember(conversation: Conversation, meId: number): ConversationMember | undefined {
  return conversation.members.find((m) => m.id !== meId);
}

/** A direct chat is named after the other person; a group chat has its own title. */
export function conversationTitle(conversation: Conversation, meId: number): string {
  if (conversation.kind === 'direct') return otherMember(conversation, meId)?.name ?? conversation.title;
  return conversation.title;
}

export function memberName(conversation: Conversation, userId: number): string {
  return conversation.members.find((m) => m.id === userId)?.name ?? '';
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
