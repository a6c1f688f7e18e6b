import { describe, expect, it } from 'vitest';
import { totalUnread, unreadTitle } from './unread';

describe('the unread count in the browser tab', () => {
  it('shows the plain name when nothing is unread', () => {
    expect(unreadTitle(0)).toBe('Switchboard');
  });

  it('puts the count in front, capped like the nav badge', () => {
    expect(unreadTitle(1)).toBe('(1) Switchboard');
    expect(unreadTitle(3)).toBe('(3) Switchboard');
    expect(unreadTitle(120)).toBe('(99+) Switchboard');
  });

  it('adds up the unread messages of every conversation', () => {
    expect(totalUnread({ 1: { unread: 2 }, 7: { unread: 0 }, 9: { unread: 1 } })).toBe(3);
    expect(totalUnread({})).toBe(0);
  });
});
