import { beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@switchboard/protocol';
import {
  applyMessage,
  applyMessageAnswer,
  applyMessageUpdate,
  applyRead,
  chatStore,
  putPending,
  refreshConversations,
  replaceConversations,
  resetChat,
  setHistory,
  updateConversation,
} from './chatStore';

const ME = 1;
const OTHER = 2;

function message(id: number, senderId: number, clientId = `client-${id}`): Message {
  return {
    id,
    conversationId: 10,
    author: 'user',
    senderId,
    senderName: senderId === ME ? 'Me' : 'Other',
    clientId,
    body: `message ${id}`,
    system: null,
    createdAt: 1_000 + id,
    attachments: [],
    delivery: null,
    reactions: [],
  };
}

function conversation(lastMessage: Message | null, unread = 0): Conversation {
  return {
    id: 10,
    kind: 'direct',
    title: '',
    members: [
      { id: ME, name: 'Me', extension: '100', lastReadMessageId: 0 },
      { id: OTHER, name: 'Other', extension: '101', lastReadMessageId: 0 },
    ],
    lastMessage,
    lastActivityAt: lastMessage?.createdAt ?? 0,
    unread,
    channel: null,
    state: null,
    owner: null,
    queue: null,
    customer: null,
    myRole: 'member',
    archived: false,
    account: null,
    capabilities: null,
    replyWindowClosesAt: null,
  };
}

const current = () => chatStore.get().conversations[10]!;

describe('chat store', () => {
  beforeEach(() => resetChat());

  it('counts a new message from someone else once, however often it is delivered', () => {
    replaceConversations([conversation(message(1, OTHER), 1)]);
    applyMessage(message(2, OTHER), ME, true);
    applyMessage(message(2, OTHER), ME, true);
    expect(current().unread).toBe(2);
    expect(current().lastMessage?.id).toBe(2);
  });

  it('ignores a replayed message the snapshot already contains', () => {
    replaceConversations([conversation(message(5, OTHER), 3)]);
    applyMessage(message(4, OTHER), ME, true);
    expect(current().unread).toBe(3);
    expect(current().lastMessage?.id).toBe(5);
  });

  it('never counts my own messages as unread and confirms the pending copy by clientId', () => {
    replaceConversations([conversation(null)]);
    setHistory(10, { messages: [], nextBefore: null });
    putPending({ clientId: 'abcdefgh12', conversationId: 10, body: 'hi', createdAt: 0, status: 'sending', error: '', retryOnReconnect: false });
    applyMessage(message(7, ME, 'abcdefgh12'), ME, true);
    expect(current().unread).toBe(0);
    expect(chatStore.get().pending).toHaveLength(0);
    expect(chatStore.get().histories[10]?.messages.map((m) => m.id)).toEqual([7]);
  });

  it('keeps history sorted and unique when pages and live messages overlap', () => {
    replaceConversations([conversation(message(3, OTHER))]);
    setHistory(10, { messages: [message(2, OTHER), message(3, OTHER)], nextBefore: 2 });
    applyMessage(message(4, OTHER), ME, false);
    setHistory(10, { messages: [message(1, OTHER), message(2, OTHER)], nextBefore: null });
    expect(chatStore.get().histories[10]?.messages.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    expect(chatStore.get().histories[10]?.nextBefore).toBeNull();
  });

  it('clears unread when I have read up to the last message, and never moves a read marker back', () => {
    replaceConversations([conversation(message(5, OTHER), 2)]);
    applyRead(10, ME, 5, ME);
    expect(current().unread).toBe(0);
    applyRead(10, OTHER, 4, ME);
    applyRead(10, OTHER, 3, ME);
    expect(current().members.find((m) => m.id === OTHER)?.lastReadMessageId).toBe(4);
  });

  it('does not let an older update roll back activity already seen', () => {
    replaceConversations([conversation(message(6, OTHER), 2)]);
    updateConversation({ ...conversation(message(5, OTHER), 1), archived: true });
    expect(current().lastMessage?.id).toBe(6);
    expect(current().unread).toBe(2);
    expect(current().archived).toBe(true);
  });
});

describe('a message whose delivery or reactions changed', () => {
  beforeEach(() => resetChat());

  const delivered = (m: Message, state: 'sent' | 'delivered' | 'read' | 'failed'): Message => ({
    ...m,
    delivery: { state, error: state === 'failed' ? { code: '131047', message: 'Re-engagement message' } : null, at: 5_000 },
  });

  it('shows the new state in the open conversation and in the list, without counting it as new', () => {
    const mine = { ...message(2, ME), delivery: { state: 'sending' as const, error: null, at: 1_000 } };
    replaceConversations([conversation(mine)]);
    setHistory(10, { messages: [message(1, OTHER), mine], nextBefore: null });
    applyMessageUpdate(delivered(mine, 'read'));
    expect(chatStore.get().histories[10]!.messages.map((m) => m.delivery?.state ?? null)).toEqual([null, 'read']);
    expect(current().lastMessage?.delivery?.state).toBe('read');
    expect(current().unread).toBe(0);
  });

  it('replaces an older message in place, keeping the order and the newer last message', () => {
    const older = message(1, ME);
    replaceConversations([conversation(message(3, OTHER))]);
    setHistory(10, { messages: [older, message(2, OTHER), message(3, OTHER)], nextBefore: null });
    applyMessageUpdate({ ...older, reactions: [{ emoji: '👍', byName: 'Jane', byCustomer: true }] });
    const messages = chatStore.get().histories[10]!.messages;
    expect(messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(messages[0]!.reactions).toEqual([{ emoji: '👍', byName: 'Jane', byCustomer: true }]);
    expect(current().lastMessage?.id).toBe(3);
  });

  it('leaves everything alone for a message that is not shown anywhere', () => {
    replaceConversations([conversation(message(3, OTHER))]);
    const before = chatStore.get();
    applyMessageUpdate(delivered(message(1, ME), 'failed'));
    expect(chatStore.get()).toBe(before);
  });
});

describe('a delivery update that overtakes the message', () => {
  beforeEach(() => resetChat());
  const sending = (m: Message): Message => ({ ...m, delivery: { state: 'sending', error: null, at: 1_000 } });
  const sent = (m: Message): Message => ({ ...m, delivery: { state: 'sent', error: null, at: 2_000 } });

  it('is not undone by the send’s answer arriving after it', () => {
    replaceConversations([conversation(message(1, OTHER))]);
    setHistory(10, { messages: [message(1, OTHER)], nextBefore: null });
    applyMessage(sending(message(2, ME)), ME, false);
    applyMessageUpdate(sent(message(2, ME)));
    applyMessage(sending(message(2, ME)), ME, false);
    expect(chatStore.get().histories[10]!.messages.at(-1)?.delivery?.state).toBe('sent');
    expect(current().lastMessage?.delivery?.state).toBe('sent');
  });

  it('is kept for a message not shown yet, and applied when it arrives', () => {
    replaceConversations([conversation(message(1, OTHER))]);
    setHistory(10, { messages: [message(1, OTHER)], nextBefore: null });
    applyMessageUpdate(sent(message(2, ME)));
    applyMessage(sending(message(2, ME)), ME, false);
    expect(chatStore.get().histories[10]!.messages.at(-1)?.delivery?.state).toBe('sent');
    expect(current().lastMessage?.delivery?.state).toBe('sent');
  });
});

describe('the answer to Retry arriving after the outbox reported the message sent', () => {
  beforeEach(() => resetChat());
  const mine = (state: 'failed' | 'sending' | 'sent', at: number): Message => ({ ...message(2, ME), delivery: { state, error: null, at } });

  it('leaves the message sent', () => {
    const failed = mine('failed', 1_000);
    replaceConversations([conversation(failed)]);
    setHistory(10, { messages: [message(1, OTHER), failed], nextBefore: null });
    applyMessageUpdate(mine('sent', 3_000));
    applyMessageAnswer(failed, mine('sending', 2_000));
    expect(chatStore.get().histories[10]!.messages.at(-1)?.delivery?.state).toBe('sent');
    expect(current().lastMessage?.delivery?.state).toBe('sent');
  });

  it('shows it sending again when it comes first', () => {
    const failed = mine('failed', 1_000);
    replaceConversations([conversation(failed)]);
    setHistory(10, { messages: [message(1, OTHER), failed], nextBefore: null });
    applyMessageAnswer(chatStore.get().histories[10]!.messages.at(-1)!, mine('sending', 2_000));
    expect(chatStore.get().histories[10]!.messages.at(-1)?.delivery?.state).toBe('sending');
  });

  it('takes every event in order, even one stamped earlier by the provider', () => {
    replaceConversations([conversation(mine('sent', 3_000))]);
    applyMessageUpdate({ ...message(2, ME), delivery: { state: 'delivered', error: null, at: 2_000 } });
    expect(current().lastMessage?.delivery?.state).toBe('delivered');
  });

  it('keeps my chats’ histories when the list is read again after a resumed stream, not those only offered to me', () => {
    const mine = conversation(message(1, OTHER));
    const offered: Conversation = { ...conversation(null), id: 11, kind: 'external', myRole: 'offered' };
    const gone: Conversation = { ...offered, id: 12 };
    replaceConversations([mine, offered, gone]);
    for (const id of [10, 11, 12]) setHistory(id, { messages: [], nextBefore: null });
    refreshConversations([mine, offered]);
    const { conversations, histories } = chatStore.get();
    expect(Object.keys(conversations).map(Number)).toEqual([10, 11]);
    expect(Object.keys(histories).map(Number)).toEqual([10]);
  });
});
