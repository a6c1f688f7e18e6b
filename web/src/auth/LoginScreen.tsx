import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';
import { currentLanguage } from '../i18n';
import { ApiError } from '../lib/api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { AuthCard, AuthError } from './AuthCard';
import { mismatch, NewPasswordFields, type NewPasswordValue } from './NewPasswordFields';
import { useAuthOptions } from './options';
import { forgotPassword, login } from './session';

type Step = 'signIn' | 'choosePassword' | 'forgot' | 'linkSent';

/** Sign-in, and the steps off it: choosing a new password after an admin reset, asking for a reset link. */
export function LoginScreen() {
  // The reset link screen's "Ask for a new link" lands here (#/forgot-password).
  const [step, setStep] = useState<Step>(location.hash === '#/forgot-password' ? 'forgot' : 'signIn');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  switch (step) {
    case 'signIn':
      return (
        <SignIn
          email={email}
          setEmail={setEmail}
          password={password}
          setPassword={setPassword}
          onPasswordReset={() => setStep('choosePassword')}
          onForgot={() => setStep('forgot')}
        />
      );
    case 'choosePassword':
      return <ChoosePassword email={email} oneTimePassword={password} onBack={() => (setPassword(''), setStep('signIn'))} />;
    case 'forgot':
      return <Forgot email={email} setEmail={setEmail} onSent={() => setStep('linkSent')} onBack={() => setStep('signIn')} />;
    case 'linkSent':
      return <LinkSent email={email} onBack={() => setStep('signIn')} />;
  }
}

interface SignInProps {
  email: string;
  setEmail: (email: string) => void;
  password: string;
  setPassword: (password: string) => void;
  onPasswordReset: () => void;
  onForgot: () => void;
}

function SignIn({ email, setEmail, password, setPassword, onPasswordReset, onForgot }: SignInProps) {
  const { t } = useTranslation();
  const options = useAuthOptions();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await login({ email: email.trim(), password });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PASSWORD_CHANGE_REQUIRED') return onPasswordReset();
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('login.title')} subtitle={t('login.subtitle')} onSubmit={() => void submit()} testId="login-form">
      <TextField label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={setEmail} testId="login-email" autoFocus />
      <TextField
        label={t('login.password')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
        testId="login-password"
      />
      <AuthError text={error} testId="login-error" />
      <Button type="submit" variant="primary" block disabled={busy} testId="login-submit">
        {busy ? t('login.signingIn') : t('login.submit')}
      </Button>
      {options.data?.passwordReset && (
        <p className="login__aside">
          <Button variant="link" onClick={onForgot} testId="forgot-password">
            {t('login.forgot')}
          </Button>
        </p>
      )}
    </AuthCard>
  );
}

/** After an admin reset: the one-time password signs in only together with a password the person chooses. */
function ChoosePassword({ email, oneTimePassword, onBack }: { email: string; oneTimePassword: string; onBack: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<NewPasswordValue>({ password: '', repeat: '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (mismatch(value)) return setError(t('account.mismatch'));
    setBusy(true);
    setError('');
    try {
      await login({ email: email.trim(), password: oneTimePassword, newPassword: value.password });
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('login.chooseTitle')} subtitle={t('login.chooseSubtitle')} onSubmit={() => void submit()} testId="choose-password-form">
      <NewPasswordFields value={value} onChange={setValue} />
      <AuthError text={error} testId="login-error" />
      <Button type="submit" variant="primary" block disabled={busy} testId="choose-password-submit">
        {t('login.chooseSubmit')}
      </Button>
      <p className="login__aside">
        <Button variant="link" onClick={onBack}>
          {t('login.backToSignIn')}
        </Button>
      </p>
    </AuthCard>
  );
}

function Forgot({ email, setEmail, onSent, onBack }: { email: string; setEmail: (email: string) => void; onSent: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await forgotPassword({ email: email.trim(), language: currentLanguage() });
      onSent();
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('login.forgotTitle')} subtitle={t('login.forgotSubtitle')} onSubmit={() => void submit()} testId="forgot-form">
      <TextField label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={setEmail} testId="forgot-email" autoFocus />
      <AuthError text={error} testId="login-error" />
      <Button type="submit" variant="primary" block disabled={busy} testId="forgot-submit">
        {t('login.forgotSubmit')}
      </Button>
      <p className="login__aside">
        <Button variant="link" onClick={onBack}>
          {t('login.backToSignIn')}
        </Button>
      </p>
    </AuthCard>
  );
}

function LinkSent({ email, onBack }: { email: string; onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <AuthCard title={t('login.sentTitle')} subtitle={t('login.sentSubtitle', { email: email.trim() })} onSubmit={onBack} testId="forgot-sent">
      <Button type="submit" variant="primary" block testId="back-to-sign-in">
        {t('login.backToSignIn')}
      </Button>
    </AuthCard>
  );
}
