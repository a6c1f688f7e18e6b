import { useSyncExternalStore } from 'react';

export const ADMIN_TABS = ['users', 'groups', 'queues', 'channels', 'blocks', 'templates', 'calls'] as const;
/** The admin tabs a group manager who is not an admin sees: the templates of the groups they manage. */
export const MANAGER_TABS: readonly AdminTab[] = ['templates'];
export type AdminTab = (typeof ADMIN_TABS)[number];
export const SETTINGS_TABS = ['general', 'chat', 'account'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];
export type Route =
  | { view: 'team' }
  | { view: 'chat'; conversationId: number | null }
  | { view: 'contacts' }
  | { view: 'admin'; tab: AdminTab }
  | { view: 'settings'; tab: SettingsTab };

export function parseRoute(hash: string): Route {
  const [view, arg] = hash.replace(/^#\/?/, '').split('/');
  switch (view) {
    case 'chat': {
      const id = Number(arg);
      return { view: 'chat', conversationId: Number.isInteger(id) && id > 0 ? id : null };
    }
    case 'contacts':
      return { view: 'contacts' };
    case 'admin':
      // 'widgets' was the live chat tab before it became Channels: old links and bookmarks still land there.
      return { view: 'admin', tab: ADMIN_TABS.find((tab) => tab === (arg === 'widgets' ? 'channels' : arg)) ?? 'users' };
    case 'settings':
      return { view: 'settings', tab: SETTINGS_TABS.find((tab) => tab === arg) ?? 'general' };
    default:
      return { view: 'team' };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'chat':
      return route.conversationId === null ? '#/chat' : `#/chat/${route.conversationId}`;
    case 'admin':
      return `#/admin/${route.tab}`;
    case 'settings':
      return `#/settings/${route.tab}`;
    default:
      return `#/${route.view}`;
  }
}

export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (location.hash !== hash) location.hash = hash;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
