import { describe, expect, it } from 'vitest';
import { conversationRules, type ConversationFacts, type ConversationPermission } from './conversation-rules.js';

/**
 * Who the actor is to the chat. `former` marked it Dealt with last; `earlier` handled it before that;
 * `creator` is a member who created the group chat; `adminMember` an admin, who is a member of the
 * internal chats (an admin is never a member of a customer chat: they see those as supervisors).
 */
const roles = ['member', 'creator', 'adminMember', 'offered', 'owner', 'former', 'earlier', 'manager', 'admin', 'none'] as const;
type TestRole = (typeof roles)[number];

/**
 * The chat: waiting in its queue; owned (by the actor when they are `owner`, else by a colleague);
 * closed by Dealt with (nobody owns it); ended (closed by End chat session, still its owner's); internal
 * (a direct chat between colleagues); group (a group chat).
 */
const states = ['queued', 'owned', 'closed', 'ended', 'internal', 'group'] as const;
type TestState = (typeof states)[number];

function facts(role: TestRole, state: TestState): ConversationFacts {
  const held = state === 'owned' || state === 'ended';
  const member = role === 'creator' || role === 'adminMember';
  return {
    state: state === 'ended' ? 'closed' : state === 'group' ? 'internal' : state,
    role: role === 'earlier' ? 'former' : member ? 'member' : role === 'manager' || role === 'admin' || role === 'none' ? null : role,
    supervisor: role === 'manager' || role === 'admin' || role === 'adminMember',
    admin: role === 'admin' || role === 'adminMember',
    ownedByOther: held && role !== 'owner',
    lastOwner: role === 'former',
    group: state === 'group',
    creator: role === 'creator',
  };
}

/**
 * The expected answers, written out by hand from docs/protocol.md ("Who may do what"): one letter per
 * state in the order queued, owned, closed, ended, internal, group; y = allowed, - = refused.
 */
const expected: Record<ConversationPermission, Record<TestRole, string>> = {
  'conversation.read': {
    member: '----yy',
    creator: '----yy',
    adminMember: 'yyyyyy',
    offered: 'yyyy--',
    owner: 'yyyy--',
    former: 'yyyy--',
    earlier: 'yyyy--',
    manager: 'yyyy--',
    admin: 'yyyy--',
    none: '------',
  },
  'conversation.send': {
    member: '----yy',
    creator: '----yy',
    adminMember: '----yy',
    offered: 'y-----',
    owner: 'yyyy--',
    former: '------',
    earlier: '------',
    manager: '------',
    admin: '------',
    none: '------',
  },
  'conversation.archive': {
    member: '----yy',
    creator: '----yy',
    adminMember: '----yy',
    offered: 'yyyy--',
    owner: 'yyyy--',
    former: 'yyyy--',
    earlier: 'yyyy--',
    manager: '------',
    admin: '------',
    none: '------',
  },
  'conversation.take': {
    member: '------',
    creator: '------',
    adminMember: 'y-y---',
    offered: 'y-----',
    owner: 'yyyy--',
    former: '--y---',
    earlier: '------',
    manager: 'y-y---',
    admin: 'y-y---',
    none: '------',
  },
  'conversation.transfer': {
    member: '------',
    creator: '------',
    adminMember: 'yyyy--',
    offered: 'y-----',
    owner: 'yyyy--',
    former: '--y---',
    earlier: '------',
    manager: 'yyyy--',
    admin: 'yyyy--',
    none: '------',
  },
  'conversation.close': {
    member: '------',
    creator: '------',
    adminMember: 'yyyy--',
    offered: 'y-----',
    owner: 'yyyy--',
    former: '------',
    earlier: '------',
    manager: 'yyyy--',
    admin: 'yyyy--',
    none: '------',
  },
  'conversation.delete': {
    member: '------',
    creator: '------',
    adminMember: 'yyyy--',
    offered: '------',
    owner: 'yyyy--',
    former: '--y---',
    earlier: '------',
    manager: '------',
    admin: 'yyyy--',
    none: '------',
  },
  'conversation.email': {
    member: '------',
    creator: '------',
    adminMember: 'yyyy--',
    offered: 'y-----',
    owner: 'yyyy--',
    former: '--y---',
    earlier: '------',
    manager: 'yyyy--',
    admin: 'yyyy--',
    none: '------',
  },
  'conversation.merge': {
    member: '------',
    creator: '------',
    adminMember: 'yyyy--',
    offered: 'y-----',
    owner: 'yyyy--',
    former: '--y---',
    earlier: '------',
    manager: 'yyyy--',
    admin: 'yyyy--',
    none: '------',
  },
  'conversation.rename': {
    member: '------',
    creator: '-----y',
    adminMember: '-----y',
    offered: '------',
    owner: '------',
    former: '------',
    earlier: '------',
    manager: '------',
    admin: '------',
    none: '------',
  },
  'conversation.members': {
    member: '------',
    creator: '-----y',
    adminMember: '-----y',
    offered: '------',
    owner: '------',
    former: '------',
    earlier: '------',
    manager: '------',
    admin: '------',
    none: '------',
  },
  'conversation.leave': {
    member: '-----y',
    creator: '-----y',
    adminMember: '-----y',
    offered: '------',
    owner: '------',
    former: '------',
    earlier: '------',
    manager: '------',
    admin: '------',
    none: '------',
  },
  'conversation.call': {
    member: '----yy',
    creator: '----yy',
    adminMember: '----yy',
    offered: '------',
    owner: '-y----',
    former: '------',
    earlier: '------',
    manager: '------',
    admin: '------',
    none: '------',
  },
};

const cases = Object.entries(expected).flatMap(([permission, byRole]) =>
  roles.flatMap((role) => states.map((state, i) => ({ permission: permission as ConversationPermission, role, state, allowed: byRole[role][i] === 'y' }))),
);

describe('conversation rules', () => {
  it('cover every conversation permission', () => {
    expect(Object.keys(conversationRules).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(cases)('$permission by $role on a $state chat: $allowed', ({ permission, role, state, allowed }) => {
    expect(conversationRules[permission](facts(role, state))).toBe(allowed);
  });

  it('give a former owner no power over a chat a colleague took after Dealt with', () => {
    const colleagueHasIt: ConversationFacts = {
      state: 'owned',
      role: 'former',
      supervisor: false,
      admin: false,
      ownedByOther: true,
      lastOwner: true,
      group: false,
      creator: false,
    };
    for (const permission of [
      'conversation.take',
      'conversation.transfer',
      'conversation.close',
      'conversation.delete',
      'conversation.send',
      'conversation.merge',
    ] as const) {
      expect(conversationRules[permission](colleagueHasIt)).toBe(false);
    }
    expect(conversationRules['conversation.read'](colleagueHasIt)).toBe(true);
  });
});
