import { describe, expect, it } from 'vitest';
import type { Conversation } from '@switchboard/protocol';
import { customerAbilities } from './customerActions';

function chat(myRole: Conversation['myRole'], state: Conversation['state'], owner: Conversation['owner'] = null): Conversation {
  return {
    id: 7,
    kind: 'external',
    title: 'Jane',
    members: [],
    lastMessage: null,
    lastActivityAt: 0,
    unread: 0,
    channel: 'livechat',
    state,
    owner,
    queue: null,
    customer: null,
    myRole,
    archived: true,
    account: null,
    capabilities: null,
    replyWindowClosesAt: null,
  };
}

const ben = { id: 2, name: 'Ben' };

describe('the actions a customer chat offers', () => {
  it('offers a former owner nothing over a chat a colleague has taken, only their archive flag', () => {
    for (const c of [chat('former', 'owned', ben), chat('former', 'queued'), chat('former', 'closed', ben)]) {
      expect(customerAbilities(c, false)).toEqual({
        take: false,
        transfer: false,
        dealtWith: false,
        end: false,
        block: false,
        archive: true,
        remove: false,
        reply: false,
        email: false,
      });
    }
  });

  it('offers Take, Transfer and Delete from the archive while nobody took the chat up since Dealt with', () => {
    expect(customerAbilities(chat('former', 'closed'), false)).toMatchObject({
      take: true,
      transfer: true,
      remove: true,
      email: true,
      dealtWith: false,
      reply: false,
    });
  });

  it("lets an admin delete any customer chat, a queue's manager transfer and close it", () => {
    expect(customerAbilities(chat('supervisor', 'owned', ben), true)).toMatchObject({ take: false, transfer: true, dealtWith: true, remove: true });
    expect(customerAbilities(chat('supervisor', 'owned', ben), false)).toMatchObject({ transfer: true, dealtWith: true, remove: false });
  });
});

describe('a chat whose visitor is blocked', () => {
  const jane = { id: 9, channel: 'livechat' as const, name: 'Jane', email: '', phone: '', language: 'en', ip: '203.0.113.7' };

  it('offers its owner neither a reply nor a second Block', () => {
    const blocked = { ...chat('owner', 'closed', ben), customer: { ...jane, blocked: true } };
    expect(customerAbilities(blocked, false)).toMatchObject({ reply: false, block: false, dealtWith: true });
  });

  it('lets its owner reply and block while the visitor is not blocked', () => {
    const open = { ...chat('owner', 'closed', ben), customer: { ...jane, blocked: false } };
    expect(customerAbilities(open, false)).toMatchObject({ reply: true, block: true });
  });
});
