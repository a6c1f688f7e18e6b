import type { Conversation, User } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '../auth/session';
import { markRead } from './actions';

// The socket and the browser-only modules it loads (notifications, i18n) play no part in marking read.
vi.mock('../realtime/sync', () => ({ takeOverSocket: () => null }));
import { removeConversation, resetChat, upsertConversation } from './chatStore';

const ME = 1;

function chat(id: number): Conversation {
  return {
    id,
    kind: 'external',
    title: 'Jane Visitor',
    members: [{ id: ME, name: 'Me', extension: '100', lastReadMessageId: 0 }],
    lastMessage: null,
    lastActivityAt: 0,
    unread: 1,
    channel: 'livechat',
    state: 'owned',
    owner: { id: ME, name: 'Me' },
    queue: null,
    customer: null,
    myRole: 'owner',
    archived: false,
    account: null,
    capabilities: null,
    replyWindowClosesAt: null,
  };
}

describe('marking a conversation read', () => {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response('{"ok":true}', { status: 200 }));

  beforeEach(() => {
    resetChat();
    fetch.mockClear();
    vi.stubGlobal('fetch', fetch);
    sessionStore.set(() => ({ status: 'authenticated', user: { id: ME, name: 'Me' } as User }));
  });
  afterEach(() => vi.unstubAllGlobals());

  const readPosts = () => fetch.mock.calls.filter(([url]) => String(url).endsWith('/read')).map(([url]) => String(url));

  it('tells the server for a conversation that is mine', () => {
    upsertConversation(chat(7));
    markRead(7, 12);
    expect(readPosts()).toEqual(['/api/conversations/7/read']);
  });

  it('stays quiet for a conversation transferred away from me (conversation.removed): the server would answer 403', () => {
    upsertConversation(chat(8));
    removeConversation(8);
    markRead(8, 13);
    markRead(9, 14); // never known to this client
    expect(readPosts()).toEqual([]);
  });
});
