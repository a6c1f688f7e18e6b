import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group, User } from '@switchboard/protocol';
import { api } from '../lib/api';
import type { GroupListResponse, UserListResponse } from '../lib/types';
import { errorText } from '../app/errorText';
import { EmptyState } from '../ui/EmptyState';
import { Modal } from '../ui/Modal';
import { PlusIcon, TeamIcon } from '../ui/icons';
import { GroupEditor } from './GroupEditor';
import { SplitPane } from '../ui/SplitPane';

export function GroupsAdmin() {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<readonly Group[] | null>(null);
  const [users, setUsers] = useState<readonly User[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [createError, setCreateError] = useState('');
  /** Phones: a group was picked (or created), so its editor shows instead of the list. */
  const [picked, setPicked] = useState(false);

  useEffect(() => {
    Promise.all([api<GroupListResponse>('GET', '/api/admin/groups'), api<UserListResponse>('GET', '/api/admin/users')])
      .then(([g, u]) => {
        setGroups(g.groups);
        setUsers(u.users);
        setSelectedId((id) => id ?? g.groups[0]?.id ?? null);
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [t]);

  const sorted = [...(groups ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const selected = groups?.find((g) => g.id === selectedId);

  const create = () => {
    setBusy(true);
    setCreateError('');
    api<Group>('POST', '/api/admin/groups', { name: newName.trim(), members: [] })
      .then((group) => {
        setGroups((list) => [...(list ?? []), group]);
        setSelectedId(group.id);
        setPicked(true);
        setCreating(false);
        setNewName('');
      })
      .catch((err: unknown) => setCreateError(errorText(err, t)))
      .finally(() => setBusy(false));
  };

  const saved = (group: Group) => setGroups((list) => list && list.map((g) => (g.id === group.id ? group : g)));
  const deleted = (id: number) => {
    setGroups((list) => list && list.filter((g) => g.id !== id));
    setSelectedId(null);
    setPicked(false);
  };

  return (
    <>
      <SplitPane
        block="groups-admin"
        detailOpen={picked}
        onBack={() => setPicked(false)}
        backTestId="admin-back"
        list={
          <>
            <button type="button" className="button button--primary button--block" onClick={() => setCreating(true)} data-testid="admin-group-new">
              <PlusIcon />
              {t('admin.groups.new')}
            </button>
            {error && <p className="form-error">{error}</p>}
            {groups === null ? (
              <p className="muted section-empty">{t('app.loading')}</p>
            ) : sorted.length === 0 ? (
              <p className="muted section-empty">{t('admin.groups.empty')}</p>
            ) : (
              <ul className="groups-admin__items">
                {sorted.map((g) => (
                  <li key={g.id}>
                    <button
                      type="button"
                      className={`groups-admin__item${g.id === selectedId ? ' is-active' : ''}`}
                      onClick={() => {
                        setSelectedId(g.id);
                        setPicked(true);
                      }}
                      data-testid="admin-group-item"
                      data-group-id={g.id}
                    >
                      <span>{g.name}</span>
                      <span className="section-title__count">{g.members.length}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        }
        detail={
          selected ? (
            <GroupEditor key={selected.id} group={selected} users={users} onSaved={saved} onDeleted={deleted} />
          ) : (
            <EmptyState icon={<TeamIcon />} title={t('admin.groups.pickTitle')} hint={t('admin.groups.pickHint')} />
          )
        }
      />
      {creating && (
        <Modal
          title={t('admin.groups.newTitle')}
          onClose={() => setCreating(false)}
          onSubmit={create}
          submitLabel={t('admin.groups.create')}
          busy={busy}
          error={createError}
        >
          <label className="field">
            <span>{t('admin.groups.name')}</span>
            <input value={newName} onChange={(e) => setNewName(e.target.value)} required maxLength={120} data-testid="new-group-name" />
          </label>
        </Modal>
      )}
    </>
  );
}
