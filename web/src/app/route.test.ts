import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './route';

describe('routes', () => {
  it('round-trips every view through the hash', () => {
    const routes: Route[] = [
      { view: 'team' },
      { view: 'chat', conversationId: null },
      { view: 'chat', conversationId: 42 },
      { view: 'contacts' },
      { view: 'admin', tab: 'users' },
      { view: 'admin', tab: 'groups' },
      { view: 'admin', tab: 'queues' },
      { view: 'admin', tab: 'channels' },
      { view: 'admin', tab: 'blocks' },
      { view: 'admin', tab: 'templates' },
      { view: 'settings', tab: 'general' },
      { view: 'settings', tab: 'chat' },
      { view: 'settings', tab: 'account' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('falls back to safe defaults for unknown or malformed hashes', () => {
    expect(parseRoute('')).toEqual({ view: 'team' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'team' });
    expect(parseRoute('#/chat/abc')).toEqual({ view: 'chat', conversationId: null });
    expect(parseRoute('#/chat/-3')).toEqual({ view: 'chat', conversationId: null });
    expect(parseRoute('#/admin/secrets')).toEqual({ view: 'admin', tab: 'users' });
    expect(parseRoute('#/admin/widgets')).toEqual({ view: 'admin', tab: 'channels' });
    expect(parseRoute('#/settings/nope')).toEqual({ view: 'settings', tab: 'general' });
  });
});
