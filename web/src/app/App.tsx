import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { restoreSession, sessionStore } from '../auth/session';
import { LoginScreen } from '../auth/LoginScreen';
import { ResetPasswordScreen } from '../auth/ResetPasswordScreen';
import { useResetToken } from '../auth/options';
import { useStore } from '../lib/store';

const RESTORE_RETRY_MS = 3000;

// The signed-in client loads after sign-in: the login page carries only what it needs.
const Shell = lazy(() => import('./Shell').then((m) => ({ default: m.Shell })));

export function App() {
  const { t } = useTranslation();
  const session = useStore(sessionStore, (s) => s);
  const resetToken = useResetToken();
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

  const splash = (
    <div className="splash" role="status" data-testid="splash">
      {unreachable ? t('app.unreachable') : t('app.loading')}
    </div>
  );
  // A mailed reset link wins over any session this browser holds: the person asked for it.
  if (resetToken && session.status !== 'loading') return <ResetPasswordScreen token={resetToken} />;
  switch (session.status) {
    case 'loading':
      return splash;
    case 'anonymous':
      return <LoginScreen />;
    case 'authenticated':
      return (
        <Suspense fallback={splash}>
          <Shell key={session.user.id} user={session.user} />
        </Suspense>
      );
  }
}
