import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../chat/queries';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@switchboard/protocol';
import { useStore } from '../lib/store';
import { connectionStore, startSync } from '../realtime/sync';
import { TeamView } from '../team/TeamView';
import { ChatView } from '../chat/ChatView';
import { ContactsView } from '../contacts/ContactsView';
import { NavRail } from './NavRail';
import { TopBar } from './TopBar';
import { MANAGER_TABS, useRoute, type Route } from './route';
import { useManagesTemplates } from '../templates/templatesApi';
import { Toaster } from '../ui/Toaster';
import { ChatToaster } from '../notifications/ChatToaster';
import { useUnreadTab } from '../unread/useUnreadTab';
import { CallBar } from '../calls/CallBar';
import { IncomingCall } from '../calls/IncomingCall';
import './shell.css';

// Admin and settings screens load when first opened: most agents rarely or never open them.
const AdminView = lazy(() => import('../admin/AdminView').then((m) => ({ default: m.AdminView })));
const SettingsView = lazy(() => import('../settings/SettingsView').then((m) => ({ default: m.SettingsView })));

/** The session's one query client serves every part of the signed-in app (views, top bar, calls, toasts). */
export function Shell({ user }: { user: User }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ShellContent user={user} />
    </QueryClientProvider>
  );
}

function ShellContent({ user }: { user: User }) {
  const { t } = useTranslation();
  const route = useRoute();
  const connection = useStore(connectionStore, (s) => s);
  const isAdmin = user.role === 'admin';
  const managesTemplates = useManagesTemplates(isAdmin);

  useEffect(() => startSync(), []);
  useUnreadTab();

  const shown: Route =
    route.view !== 'admin' || isAdmin
      ? route
      : managesTemplates
        ? { view: 'admin', tab: MANAGER_TABS.includes(route.tab) ? route.tab : 'templates' }
        : { view: 'team' };

  return (
    <div className="shell">
      <NavRail route={shown} adminTab={isAdmin ? 'users' : managesTemplates ? 'templates' : null} />
      <div className="shell__main">
        <TopBar user={user} title={t(`nav.${shown.view}`)} />
        {connection === 'reconnecting' && (
          <div className="banner" role="status" data-testid="reconnecting-banner">
            <span className="banner__spinner" aria-hidden="true" />
            {t('realtime.reconnecting')}
          </div>
        )}
        <CallBar />
        <main className="shell__content">
          {shown.view === 'team' && <TeamView />}
          {shown.view === 'chat' && <ChatView conversationId={shown.conversationId} />}
          {shown.view === 'contacts' && <ContactsView />}
          <Suspense fallback={<p className="muted page__loading">{t('app.loading')}</p>}>
            {shown.view === 'admin' && <AdminView tab={shown.tab} isAdmin={isAdmin} />}
            {shown.view === 'settings' && <SettingsView tab={shown.tab} />}
          </Suspense>
        </main>
      </div>
      <IncomingCall />
      <Toaster />
      <ChatToaster />
    </div>
  );
}
