import { describe, expect, it } from 'vitest';
import type { MemberRole } from '../db/schema.js';
import { audienceOf, offerOnly } from './membership.js';

describe('who hears of a conversation live only', () => {
  it.each<[MemberRole | undefined, boolean]>([
    [undefined, true],
    ['offered', true],
    ['member', false],
    ['owner', false],
    ['former', false],
  ])('role %s: live only %s', (role, live) => {
    expect(offerOnly(role)).toBe(live);
  });

  it('streams an event to members and owners, and sends it live to the agents only offered the chat', () => {
    const audience = audienceOf([
      { userId: 1, role: 'owner' },
      { userId: 2, role: 'offered' },
      { userId: 3, role: 'member' },
      { userId: 4, role: 'offered' },
    ]);
    expect(audience).toEqual({ streamed: [1, 3], live: [2, 4] });
  });
});
