import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@switchboard/protocol';
import { api } from '../lib/api';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { PlusIcon, SearchIcon } from '../ui/icons';
import { UserDialog } from './UserDialog';
import { upsertById } from '../lib/list';
import { useAdminUsers } from './adminQueries';

type Editing = { mode: 'create' } | { mode: 'edit'; user: User } | null;

export function UsersAdmin() {
  const { t } = useTranslation();
  const me = currentUser().id;
  const loaded = useAdminUsers();
  const users = loaded.list;
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [actionError, setError] = useState('');
  const error = actionError || loaded.error;

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return [...(users ?? [])]
      .filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q) || u.extension.includes(q))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [users, filter]);

  const replace = (user: User) => loaded.update((list) => upsertById(list, user));

  const toggleDisabled = (user: User) => {
    setError('');
    api<User>('PATCH', `/api/admin/users/${user.id}`, { disabled: !user.disabled })
      .then(replace)
      .catch((err: unknown) => setError(errorText(err, t)));
  };

  return (
    <>
      <div className="toolbar">
        <div className="search-field">
          <SearchIcon />
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t('admin.users.filter')}
            aria-label={t('admin.users.filter')}
          />
        </div>
        <div className="toolbar__spacer" />
        <button type="button" className="button button--primary" onClick={() => setEditing({ mode: 'create' })} data-testid="admin-user-new">
          <PlusIcon />
          {t('admin.users.new')}
        </button>
      </div>
      {error && (
        <p className="form-error page__error" role="alert">
          {error}
        </p>
      )}
      <div className="page__scroll">
        {users === null ? (
          <p className="muted page__loading">{t('app.loading')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('admin.users.name')}</th>
                <th>{t('admin.users.extension')}</th>
                <th>{t('admin.users.role')}</th>
                <th>{t('admin.users.status')}</th>
                <th className="table__actions">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} className={u.disabled ? 'is-disabled' : undefined} data-testid="admin-user-row" data-user-id={u.id}>
                  <td>
                    <div className="table__person">
                      <Avatar name={u.name} size="sm" />
                      <div>
                        <strong>{u.name}</strong>
                        <span className="muted">{u.email}</span>
                      </div>
                    </div>
                  </td>
                  <td data-label={t('admin.users.extension')}>{u.extension}</td>
                  <td data-label={t('admin.users.role')}>
                    <span className={`role role--${u.role}`}>{t(`roles.${u.role}`)}</span>
                  </td>
                  <td data-label={t('admin.users.status')}>
                    <span className={`status-pill${u.disabled ? ' status-pill--off' : ''}`}>
                      {u.disabled ? t('admin.users.disabled') : t('admin.users.active')}
                    </span>
                  </td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" onClick={() => setEditing({ mode: 'edit', user: u })} data-testid="admin-user-edit">
                      {t('common.edit')}
                    </button>
                    {u.id !== me && (
                      <button type="button" className="button button--small" onClick={() => toggleDisabled(u)} data-testid="admin-user-toggle">
                        {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {editing && (
        <UserDialog
          user={editing.mode === 'edit' ? editing.user : undefined}
          onClose={() => setEditing(null)}
          onSaved={(user) => {
            replace(user);
            setEditing(null);
          }}
        />
      )}
    </>
  );
}
