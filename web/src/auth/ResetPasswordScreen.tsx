import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';
import { ApiError } from '../lib/api';
import { Button } from '../ui/Button';
import { AuthCard, AuthError } from './AuthCard';
import { mismatch, NewPasswordFields, type NewPasswordValue } from './NewPasswordFields';
import { resetPassword } from './session';

/** Opened from the mailed link (#/reset-password/<token>): choose a new password, then signed in. */
export function ResetPasswordScreen({ token }: { token: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<NewPasswordValue>({ password: '', repeat: '' });
  const [error, setError] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (mismatch(value)) return setError(t('account.mismatch'));
    setBusy(true);
    setError('');
    try {
      await resetPassword({ token, newPassword: value.password });
    } catch (err) {
      setInvalid(err instanceof ApiError && err.code === 'RESET_LINK_INVALID');
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('login.resetTitle')} subtitle={t('login.resetSubtitle')} onSubmit={() => void submit()} testId="reset-password-form">
      <NewPasswordFields value={value} onChange={setValue} />
      <AuthError text={error} testId="login-error" />
      <Button type="submit" variant="primary" block disabled={busy} testId="reset-password-submit">
        {t('login.resetSubmit')}
      </Button>
      <p className="login__aside">
        <Button variant="link" onClick={() => (location.hash = invalid ? '#/forgot-password' : '')} testId={invalid ? 'reset-ask-again' : undefined}>
          {invalid ? t('login.askAgain') : t('login.backToSignIn')}
        </Button>
      </p>
    </AuthCard>
  );
}
