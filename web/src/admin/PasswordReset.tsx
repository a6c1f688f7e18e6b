import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordResetResult, User } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { currentUser } from '../auth/session';
import { api } from '../lib/api';
import { Button } from '../ui/Button';

type State = { step: 'idle' } | { step: 'confirm' } | { step: 'done'; oneTimePassword: string };

/**
 * Admin › Users › Edit: resets a colleague's password to a one-time password shown here once. The admin
 * hands it over; it signs in only to choose a new password, so the admin never knows the one kept.
 */
export function PasswordReset({ user }: { user: User }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ step: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [copied, setCopied] = useState(false);
  if (user.id === currentUser().id) return null;

  const reset = () => {
    setBusy(true);
    setError('');
    api<PasswordResetResult>('POST', `/api/admin/users/${user.id}/password-reset`)
      .then(({ oneTimePassword }) => setState({ step: 'done', oneTimePassword }))
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };
  const copy = (text: string) =>
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => undefined,
    );

  return (
    <section className="password-reset" data-testid="password-reset">
      {state.step === 'idle' && (
        <Button onClick={() => setState({ step: 'confirm' })} testId="password-reset-start">
          {t('admin.users.resetPassword')}
        </Button>
      )}
      {state.step === 'confirm' && (
        <>
          <p className="password-reset__text">{t('admin.users.resetIntro', { name: user.name })}</p>
          <div className="password-reset__actions">
            <Button onClick={() => setState({ step: 'idle' })}>{t('admin.users.resetCancel')}</Button>
            <Button variant="danger" onClick={reset} disabled={busy} testId="password-reset-confirm">
              {t('admin.users.resetConfirm')}
            </Button>
          </div>
        </>
      )}
      {state.step === 'done' && (
        <>
          <span className="password-reset__label">{t('admin.users.oneTimePassword')}</span>
          <div className="password-reset__secret">
            <code data-testid="one-time-password">{state.oneTimePassword}</code>
            <Button small onClick={() => copy(state.oneTimePassword)}>
              {copied ? t('admin.users.copied') : t('admin.users.copy')}
            </Button>
          </div>
          <p className="password-reset__text">{t('admin.users.oneTimeHint', { name: user.name })}</p>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
