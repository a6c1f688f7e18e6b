import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { restoreSession, sessionStore } from '../auth/session';
import { LoginScreen } from '../auth/LoginScreen';
import { useStore } from '../lib/store';
import { Shell } from './Shell';

const RESTORE_RETRY_MS = 3000;

export function App() {
  const { t } = useTranslation();
  const session = useStore(sessionStore, (s) => s);
  // The installed app can start without a network (the service worker keeps it): say so, not just "Loading".
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      restoreSession().catch(() => {
        setUnreachable(true);
        timer = setTimeout(attempt, RESTORE_RETRY_MS);
      });
    };
    attempt();
    return () => clearTimeout(timer);
  }, []);

  switch (session.status) {
    case 'loading':
      return (
        <div className="splash" role="status" data-testid="splash">
          {unreachable ? t('app.unreachable') : t('app.loading')}
        </div>
      );
    case 'anonymous':
      return <LoginScreen />;
    case 'authenticated':
      return <Shell key={session.user.id} user={session.user} />;
  }
}
