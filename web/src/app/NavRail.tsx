import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { chatStore } from '../chat/chatStore';
import { totalUnread } from '../unread/unread';
import { AdminIcon, ChatIcon, ContactsIcon, Logo, SettingsIcon, TeamIcon } from '../ui/icons';
import { navigate, type AdminTab, type Route } from './route';

type View = Route['view'];

/** adminTab: where the Admin item leads (users for admins, templates for group managers); none hides it. */
export function NavRail({ route, adminTab }: { route: Route; adminTab: AdminTab | null }) {
  const { t } = useTranslation();
  const unread = useStore(chatStore, (s) => totalUnread(s.conversations));

  const item = (view: View, icon: ReactNode, target: Route, badge = 0) => (
    <button
      type="button"
      className={`nav-rail__item${route.view === view ? ' is-active' : ''}`}
      onClick={() => navigate(target)}
      aria-current={route.view === view ? 'page' : undefined}
      data-testid={`nav-${view}`}
    >
      {icon}
      <span>{t(`nav.${view}`)}</span>
      {badge > 0 && <span className="nav-rail__badge">{badge > 99 ? '99+' : badge}</span>}
    </button>
  );

  return (
    <nav className="nav-rail" aria-label={t('nav.label')}>
      <div className="nav-rail__logo" title="Switchboard">
        <Logo />
      </div>
      {item('team', <TeamIcon />, { view: 'team' })}
      {item('chat', <ChatIcon />, { view: 'chat', conversationId: null }, unread)}
      {item('contacts', <ContactsIcon />, { view: 'contacts' })}
      {adminTab && item('admin', <AdminIcon />, { view: 'admin', tab: adminTab })}
      <div className="nav-rail__end">{item('settings', <SettingsIcon />, { view: 'settings', tab: 'general' })}</div>
    </nav>
  );
}
