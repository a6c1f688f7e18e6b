import type { Conversation, DurableEvent, Message } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { decideNotification, noticePerson, type Notice, type NotifyContext } from './decide';

const ME = 1;
const NOW = 1_800_000_000_000;

function message(over: Partial<Message> = {}): Message {
  return {
    id: 10,
    conversationId: 5,
    author: 'user',
    senderId: 2,
    senderName: 'Ben Berger',
    clientId: 'client-0001',
    body: 'Hello there',
    system: null,
    createdAt: NOW - 1000,
    attachments: [],
    delivery: null,
    reactions: [],
    ...over,
  };
}

function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 5,
    kind: 'external',
    title: 'Carla Customer',
    members: [],
    lastMessage: message({ author: 'customer', senderId: null, senderName: 'Carla Customer', body: 'I need help' }),
    lastActivityAt: NOW - 1000,
    unread: 1,
    channel: 'livechat',
    state: 'queued',
    owner: null,
    queue: { id: 1, number: '800', name: 'Support' },
    customer: null,
    myRole: 'offered',
    archived: false,
    account: null,
    capabilities: null,
    replyWindowClosesAt: null,
    ...over,
  };
}

const context = (over: Partial<NotifyContext> = {}, known: Conversation[] = []): NotifyContext => ({
  me: ME,
  activeId: null,
  watching: true,
  now: NOW,
  known: (id) => known.find((c) => c.id === id),
  ...over,
});

const transferNote = (fromName: string) =>
  message({ author: 'system', senderId: null, senderName: '', system: { kind: 'transferred', fromName, toName: 'Me' }, body: '' });

const callNote = (callerId: number, outcome: 'missed' | 'answered' | 'declined') =>
  message({
    author: 'system',
    senderId: null,
    senderName: '',
    system: { kind: 'call', callerId, callerName: callerId === ME ? 'Me' : 'Ben Berger', calleeName: 'Me', media: 'video', outcome, durationMs: null },
    body: '',
  });

describe('which events notify', () => {
  it('announces a call I missed like a message, but not one I placed, answered or declined', () => {
    expect(decideNotification({ type: 'message.created', message: callNote(2, 'missed') }, context())).toMatchObject({
      kind: 'missedCall',
      conversationId: 5,
      callerName: 'Ben Berger',
      video: true,
    });
    expect(decideNotification({ type: 'message.created', message: callNote(ME, 'missed') }, context())).toBeNull();
    expect(decideNotification({ type: 'message.created', message: callNote(2, 'answered') }, context())).toBeNull();
    expect(decideNotification({ type: 'message.created', message: callNote(2, 'declined') }, context())).toBeNull();
    expect(decideNotification({ type: 'message.created', message: callNote(2, 'missed') }, context({ activeId: 5, watching: true }))).toBeNull();
  });

  it('announces a colleague’s or customer’s message in a conversation I am not looking at', () => {
    const event: DurableEvent = { type: 'message.created', message: message() };
    expect(decideNotification(event, context())).toMatchObject({ kind: 'message', conversationId: 5, senderName: 'Ben Berger', body: 'Hello there' });
    expect(decideNotification(event, context({ activeId: 7 }))?.kind).toBe('message');
    const customer: DurableEvent = { type: 'message.created', message: message({ author: 'customer', senderId: null }) };
    expect(decideNotification(customer, context())?.kind).toBe('message');
  });

  it('stays quiet for the conversation on screen, but not when the page is hidden', () => {
    const event: DurableEvent = { type: 'message.created', message: message() };
    expect(decideNotification(event, context({ activeId: 5, watching: true }))).toBeNull();
    expect(decideNotification(event, context({ activeId: 5, watching: false }))?.kind).toBe('message');
  });

  it('never announces my own messages, system lines or old messages replayed after a reconnect', () => {
    expect(decideNotification({ type: 'message.created', message: message({ senderId: ME }) }, context())).toBeNull();
    expect(decideNotification({ type: 'message.created', message: transferNote('Ben') }, context())).toBeNull();
    expect(decideNotification({ type: 'message.created', message: message({ createdAt: NOW - 10 * 60 * 1000 }) }, context())).toBeNull();
  });

  it('announces a chat a queue offers me, and again when it comes back to me', () => {
    const offered = conversation();
    expect(decideNotification({ type: 'conversation.created', conversation: offered }, context())).toMatchObject({ kind: 'offered', conversationId: 5 });
    const former = conversation({ myRole: 'former', state: 'closed' });
    expect(decideNotification({ type: 'conversation.updated', conversation: offered }, context({}, [former]))?.kind).toBe('offered');
    // Still offered (another agent joined the wave): nothing new for me.
    expect(decideNotification({ type: 'conversation.updated', conversation: offered }, context({}, [offered]))).toBeNull();
  });

  it('announces a chat transferred to me, naming who handed it over', () => {
    const mine = conversation({ myRole: 'owner', state: 'owned', owner: { id: ME, name: 'Me' }, lastMessage: transferNote('Ben Berger') });
    expect(decideNotification({ type: 'conversation.created', conversation: mine }, context())).toMatchObject({ kind: 'transferred', fromName: 'Ben Berger' });
    const former = conversation({ myRole: 'former', state: 'owned' });
    expect(decideNotification({ type: 'conversation.updated', conversation: mine }, context({}, [former]))?.kind).toBe('transferred');
  });

  it('announces a chat routed straight to me', () => {
    const mine = conversation({ myRole: 'owner', state: 'owned' });
    expect(decideNotification({ type: 'conversation.created', conversation: mine }, context())?.kind).toBe('assigned');
  });

  it('stays quiet when I took the chat myself', () => {
    const taken = conversation({
      myRole: 'owner',
      state: 'owned',
      lastMessage: message({ author: 'system', senderId: null, system: { kind: 'taken', agentName: 'Me' }, body: '' }),
    });
    expect(decideNotification({ type: 'conversation.updated', conversation: taken }, context({}, [conversation()]))).toBeNull();
    // As a supervisor I was not offered it: the view arrives as new, with my own "joined" line.
    expect(decideNotification({ type: 'conversation.created', conversation: taken }, context())).toBeNull();
  });

  it('stays quiet for internal conversations created with me, reads, removals and updates that change nothing for me', () => {
    const group = conversation({ kind: 'group', myRole: 'member', channel: null, state: null, queue: null, lastMessage: null });
    expect(decideNotification({ type: 'conversation.created', conversation: group }, context())).toBeNull();
    expect(decideNotification({ type: 'conversation.read', conversationId: 5, userId: 2, lastReadMessageId: 10 }, context())).toBeNull();
    expect(decideNotification({ type: 'conversation.removed', conversationId: 5, reason: 'taken', byName: 'Ben' }, context())).toBeNull();
    const owned = conversation({ myRole: 'owner', state: 'owned', lastMessage: transferNote('Ben') });
    expect(decideNotification({ type: 'conversation.updated', conversation: owned }, context({}, [owned]))).toBeNull();
  });

  it('stays quiet for a transfer into the chat I am watching', () => {
    const mine = conversation({ myRole: 'owner', state: 'owned', lastMessage: transferNote('Ben') });
    expect(decideNotification({ type: 'conversation.created', conversation: mine }, context({ activeId: 5 }))).toBeNull();
  });
});

describe('whom a notice shows in its avatar', () => {
  const customer = { id: 9, channel: 'livechat' as const, name: 'Jane Visitor', email: '', phone: '', language: 'en', ip: '192.0.2.7', blocked: false };

  it('shows the customer of an offered, transferred or assigned chat, never the words of the title', () => {
    const chat = conversation({ title: 'Jane Visitor', customer });
    const notices: Notice[] = [
      { kind: 'offered', conversation: chat, conversationId: 5 },
      { kind: 'transferred', conversation: chat, conversationId: 5, fromName: 'Ben Berger' },
      { kind: 'assigned', conversation: { ...chat, customer: null }, conversationId: 5 },
    ];
    for (const notice of notices) expect(noticePerson(notice, ME)).toBe('Jane Visitor');
  });

  it('shows the sender of a message, or the other person of a direct chat', () => {
    expect(noticePerson({ kind: 'message', conversationId: 5, conversation: undefined, senderName: 'Ben Berger', body: 'Hi' }, ME)).toBe('Ben Berger');
    const direct = conversation({
      kind: 'direct',
      title: '',
      members: [
        { id: ME, name: 'Me', extension: '100', lastReadMessageId: 0 },
        { id: 2, name: 'Ben Berger', extension: '101', lastReadMessageId: 0 },
      ],
    });
    expect(noticePerson({ kind: 'message', conversationId: 5, conversation: direct, senderName: '', body: 'Hi' }, ME)).toBe('Ben Berger');
  });
});
