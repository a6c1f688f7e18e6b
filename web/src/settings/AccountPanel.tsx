import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangePassword, UpdateMe, User } from '@switchboard/protocol';
import { currentUser, sessionStore } from '../auth/session';
import { api } from '../lib/api';
import { showToast } from '../lib/toast';
import { useAction } from '../lib/useAction';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';

function NameCard() {
  const { t } = useTranslation();
  const me = currentUser();
  const [name, setName] = useState(me.name);
  const rename = useAction(
    (body: UpdateMe) => api<User>('PATCH', '/api/me', body),
    (user) => {
      sessionStore.set((s) => (s.status === 'authenticated' ? { ...s, user } : s));
      setName(user.name);
      showToast(t('account.nameSaved'), 'success');
    },
  );

  const save = (e: FormEvent) => {
    e.preventDefault();
    rename.run({ name: name.trim() });
  };

  return (
    <form className="settings-card account-card" onSubmit={save} data-testid="account-name-form">
      <h2 className="settings-card__title">{t('account.profile')}</h2>
      <p className="settings-card__intro">{t('account.profileIntro', { email: me.email })}</p>
      <TextField label={t('account.displayName')} value={name} onChange={setName} required maxLength={120} testId="account-name" />
      {rename.error && (
        <p className="form-error" role="alert">
          {rename.error}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={rename.busy || name.trim() === me.name || !name.trim()} testId="account-name-save">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useAction(
    (body: ChangePassword) => api('POST', '/api/me/password', body),
    () => {
      setCurrent('');
      setNext('');
      setRepeat('');
      showToast(t('account.passwordChanged'), 'success');
    },
  );

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return change.refuse(t('account.mismatch'));
    change.run({ currentPassword: current, newPassword: next });
  };

  return (
    <form className="settings-card account-card" onSubmit={save} data-testid="account-password-form">
      <h2 className="settings-card__title">{t('account.password')}</h2>
      <p className="settings-card__intro">{t('account.passwordIntro')}</p>
      <TextField
        label={t('account.currentPassword')}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        required
        testId="account-current-password"
      />
      <div className="field-row account-card__row">
        <TextField
          label={t('account.newPassword')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          required
          minLength={8}
          hint={t('account.passwordRule')}
          testId="account-new-password"
        />
        <TextField
          label={t('account.repeatPassword')}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
          required
          minLength={8}
          testId="account-repeat-password"
        />
      </div>
      {change.error && (
        <p className="form-error" role="alert" data-testid="account-password-error">
          {change.error}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={change.busy} testId="account-password-save">
          {t('account.changePassword')}
        </Button>
      </div>
    </form>
  );
}

/** Settings › My account: my display name and my password. */
export function AccountPanel() {
  return (
    <div className="settings-panel" data-testid="settings-account">
      <NameCard />
      <PasswordCard />
    </div>
  );
}
