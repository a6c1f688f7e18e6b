import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateUser, Role, UpdateUser, User } from '@switchboard/protocol';
import { api } from '../lib/api';
import { errorText } from '../app/errorText';
import { Modal } from '../ui/Modal';
import { PasswordReset } from './PasswordReset';

const ROLES: Role[] = ['agent', 'manager', 'admin'];

interface Props {
  user?: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}

export function UserDialog({ user, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [extension, setExtension] = useState(user?.extension ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const request = (): Promise<User> => {
    if (!user) {
      const body: CreateUser = { name: name.trim(), email: email.trim(), extension: extension.trim(), role, password };
      return api<User>('POST', '/api/admin/users', body);
    }
    // Send only what changed, so an edit never overwrites a concurrent change to another field.
    const body: UpdateUser = {};
    if (name.trim() !== user.name) body.name = name.trim();
    if (email.trim() !== user.email) body.email = email.trim();
    if (extension.trim() !== user.extension) body.extension = extension.trim();
    if (role !== user.role) body.role = role;
    return api<User>('PATCH', `/api/admin/users/${user.id}`, body);
  };

  const submit = () => {
    setBusy(true);
    setError('');
    request()
      .then(onSaved)
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };

  return (
    <Modal
      title={user ? t('admin.users.editTitle') : t('admin.users.newTitle')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={user ? t('common.save') : t('admin.users.create')}
      busy={busy}
      error={error}
    >
      <label className="field">
        <span>{t('admin.users.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} data-testid="user-name" />
      </label>
      <label className="field">
        <span>{t('admin.users.email')}</span>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={200} data-testid="user-email" />
      </label>
      <div className="field-row">
        <label className="field">
          <span>{t('admin.users.extension')}</span>
          <input
            value={extension}
            onChange={(e) => setExtension(e.target.value)}
            required
            inputMode="numeric"
            pattern="\d{2,6}"
            title={t('admin.users.extensionHint')}
            data-testid="user-extension"
          />
        </label>
        <label className="field">
          <span>{t('admin.users.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {user ? (
        <PasswordReset user={user} />
      ) : (
        <label className="field">
          <span>{t('admin.users.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={8}
            autoComplete="new-password"
            data-testid="user-password"
          />
        </label>
      )}
    </Modal>
  );
}
