import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group, GroupInput, GroupMember, User } from '@switchboard/protocol';
import { api } from '../lib/api';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { SearchIcon } from '../ui/icons';

interface Props {
  group: Group;
  users: readonly User[];
  onSaved: (group: Group) => void;
  onDeleted: (id: number) => void;
}

export function GroupEditor({ group, users, onSaved, onDeleted }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(group.name);
  const [members, setMembers] = useState<ReadonlyMap<number, boolean>>(() => new Map(group.members.map((m) => [m.userId, m.isManager])));
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  // Ordered by the saved membership, not the edited one, so rows do not jump away from the pointer on a click.
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const saved = new Set(group.members.map((m) => m.userId));
    return [...users]
      .filter((u) => !q || u.name.toLowerCase().includes(q) || u.extension.includes(q))
      .sort((a, b) => Number(saved.has(b.id)) - Number(saved.has(a.id)) || a.name.localeCompare(b.name));
  }, [users, filter, group]);

  const setMember = (id: number, member: boolean, manager = false) =>
    setMembers((current) => {
      const next = new Map(current);
      if (member) next.set(id, manager);
      else next.delete(id);
      return next;
    });

  const save = () => {
    const body: GroupInput = {
      name: name.trim(),
      members: [...members].map(([userId, isManager]): GroupMember => ({ userId, isManager })),
    };
    setBusy(true);
    setError('');
    setNotice('');
    api<Group>('PUT', `/api/admin/groups/${group.id}`, body)
      .then((updated) => {
        onSaved(updated);
        setNotice(t('admin.groups.saved'));
      })
      .catch((err: unknown) => setError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  const remove = () => {
    api('DELETE', `/api/admin/groups/${group.id}`)
      .then(() => onDeleted(group.id))
      .catch((err: unknown) => setError(errorText(err, t)));
  };

  return (
    <div className="group-editor">
      <div className="group-editor__head">
        <label className="field group-editor__name">
          <span>{t('admin.groups.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-testid="group-name" />
        </label>
        <div className="group-editor__actions">
          {confirming ? (
            <>
              <button type="button" className="button button--danger" onClick={remove} data-testid="group-delete-confirm">
                {t('admin.groups.confirmDelete')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--danger-ghost" onClick={() => setConfirming(true)} data-testid="group-delete">
              {t('common.delete')}
            </button>
          )}
          <button type="button" className="button button--primary" onClick={save} disabled={busy || !name.trim()} data-testid="group-save">
            {t('common.save')}
          </button>
        </div>
      </div>
      {error && <p className="form-error">{error}</p>}
      {notice && !error && <p className="notice">{notice}</p>}
      <div className="toolbar toolbar--inner">
        <h3 className="section-title">
          {t('admin.groups.members')}
          <span className="section-title__count">{members.size}</span>
        </h3>
        <div className="toolbar__spacer" />
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
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>{t('admin.users.name')}</th>
            <th>{t('admin.users.extension')}</th>
            <th className="table__check">{t('admin.groups.member')}</th>
            <th className="table__check">{t('admin.groups.manager')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((u) => {
            const member = members.has(u.id);
            return (
              <tr key={u.id} data-testid="group-member-row" data-user-id={u.id}>
                <td>
                  <div className="table__person">
                    <Avatar name={u.name} size="sm" />
                    <strong>{u.name}</strong>
                  </div>
                </td>
                <td data-label={t('admin.users.extension')}>{u.extension}</td>
                <td className="table__check" data-label={t('admin.groups.member')}>
                  <input
                    type="checkbox"
                    checked={member}
                    onChange={(e) => setMember(u.id, e.target.checked)}
                    aria-label={t('admin.groups.member')}
                    data-testid="group-member"
                  />
                </td>
                <td className="table__check" data-label={t('admin.groups.manager')}>
                  <input
                    type="checkbox"
                    checked={members.get(u.id) === true}
                    disabled={!member}
                    onChange={(e) => setMember(u.id, true, e.target.checked)}
                    aria-label={t('admin.groups.manager')}
                    data-testid="group-manager"
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
