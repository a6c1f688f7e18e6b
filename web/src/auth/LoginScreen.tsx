import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../ui/icons';
import { LanguageSelect } from '../app/LanguageSelect';
import { errorText } from '../app/errorText';
import { login } from './session';
import './auth.css';

export function LoginScreen() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login({ email: email.trim(), password });
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login__language">
        <LanguageSelect />
      </div>
      <form className="login__card" onSubmit={(e) => void submit(e)}>
        <div className="login__brand">
          <Logo />
          <span>Switchboard</span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="login__subtitle">{t('login.subtitle')}</p>
        <label className="field">
          <span>{t('login.email')}</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" autoFocus />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy} data-testid="login-submit">
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
