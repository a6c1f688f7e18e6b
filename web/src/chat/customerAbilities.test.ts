import { describe, expect, it } from 'vitest';
import type { ChannelCapabilities, Conversation } from '@switchboard/protocol';
import { customerAbilities } from './customerAbilities';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;

/** As the server declares them (server/src/channels/capabilities.ts). */
const CAPS: Record<'livechat' | 'whatsapp', ChannelCapabilities> = {
  livechat: { endSession: true, block: true, files: true, calls: true, replyWindowMs: null, templates: false, delivery: false, fileLimits: null },
  whatsapp: { endSession: false, block: true, files: true, calls: false, replyWindowMs: 24 * HOUR, templates: true, delivery: true, fileLimits: null },
};

function chat(
  myRole: Conversation['myRole'],
  state: Conversation['state'],
  owner: Conversation['owner'] = null,
  channel: 'livechat' | 'whatsapp' = 'livechat',
  replyWindowClosesAt: number | null = channel === 'whatsapp' ? NOW + 5 * HOUR : null,
): Conversation {
  return {
    id: 7,
    kind: 'external',
    title: 'Jane',
    members: [],
    lastMessage: null,
    lastActivityAt: 0,
    unread: 0,
    channel,
    state,
    owner,
    queue: null,
    customer: null,
    myRole,
    archived: true,
    account: { id: 1, type: channel, name: channel === 'whatsapp' ? 'Support line' : 'Website', address: channel === 'whatsapp' ? '+49 30 1234567' : '' },
    capabilities: CAPS[channel],
    replyWindowClosesAt,
  };
}

const ben = { id: 2, name: 'Ben' };
const me = { id: 1, name: 'Me' };
const can = (c: Conversation, isAdmin = false) => customerAbilities(c, isAdmin, NOW);

describe('the actions a customer chat offers', () => {
  it('offers a former owner nothing over a chat a colleague has taken, only their archive flag', () => {
    for (const c of [chat('former', 'owned', ben), chat('former', 'queued'), chat('former', 'closed', ben)]) {
      expect(can(c)).toMatchObject({
        take: false,
        transfer: false,
        dealtWith: false,
        end: false,
        block: false,
        archive: true,
        remove: false,
        reply: false,
        freeText: false,
        template: false,
        files: false,
        email: false,
        merge: false,
      });
    }
  });

  it('offers Take, Transfer and Delete from the archive while nobody took the chat up since Dealt with', () => {
    expect(can(chat('former', 'closed'))).toMatchObject({ take: true, transfer: true, remove: true, email: true, merge: true, dealtWith: false, reply: false });
  });

  it("lets an admin delete any customer chat, a queue's manager transfer and close it", () => {
    expect(can(chat('supervisor', 'owned', ben), true)).toMatchObject({ take: false, transfer: true, dealtWith: true, remove: true });
    expect(can(chat('supervisor', 'owned', ben))).toMatchObject({ transfer: true, dealtWith: true, remove: false });
  });
});

describe('what each channel allows its owner', () => {
  // channel, window (h from now; null: none) → end session, block (and its wording), free text, files, template, calls, delivery marks
  const table = [
    ['livechat', null, { end: true, block: true, blockKind: 'visitor', freeText: true, files: true, template: false, calls: true, delivery: false }],
    ['whatsapp', 5, { end: false, block: true, blockKind: 'number', freeText: true, files: true, template: true, calls: false, delivery: true }],
    ['whatsapp', -1, { end: false, block: true, blockKind: 'number', freeText: false, files: false, template: true, calls: false, delivery: true }],
  ] as const;
  for (const [channel, hours, expected] of table) {
    it(`${channel}${hours === null ? '' : hours > 0 ? ', reply window open' : ', reply window closed'}`, () => {
      const c = chat('owner', 'owned', me, channel, hours === null ? null : NOW + hours * HOUR);
      expect(can(c)).toMatchObject({ ...expected, reply: true, dealtWith: true, transfer: true });
    });
  }

  it('never ends a WhatsApp session, whoever holds it', () => {
    for (const role of ['owner', 'supervisor'] as const) expect(can(chat(role, 'owned', me, 'whatsapp')).end).toBe(false);
  });

  it('closes the window at the stated moment, not a minute later', () => {
    expect(can(chat('owner', 'owned', me, 'whatsapp', NOW)).freeText).toBe(false);
    expect(can(chat('owner', 'owned', me, 'whatsapp', NOW + 1)).freeText).toBe(true);
  });

  it('offers colleagues who only look on neither a reply nor a template', () => {
    expect(can(chat('supervisor', 'owned', ben, 'whatsapp'))).toMatchObject({ reply: false, freeText: false, template: false, files: false });
  });
});

describe('a chat whose customer is blocked', () => {
  const jane = { id: 9, channel: 'livechat' as const, name: 'Jane', email: '', phone: '', language: 'en', ip: '203.0.113.7' };

  it('offers its owner neither a reply, a template nor a second Block', () => {
    const blocked = { ...chat('owner', 'closed', ben), customer: { ...jane, blocked: true } };
    expect(can(blocked)).toMatchObject({ reply: false, block: false, dealtWith: true });
    const blockedNumber = { ...chat('owner', 'closed', ben, 'whatsapp'), customer: { ...jane, channel: 'whatsapp' as const, blocked: true } };
    expect(can(blockedNumber)).toMatchObject({ reply: false, template: false, block: false });
  });

  it('lets its owner reply and block while the visitor is not blocked', () => {
    const open = { ...chat('owner', 'closed', ben), customer: { ...jane, blocked: false } };
    expect(can(open)).toMatchObject({ reply: true, block: true });
  });
});
