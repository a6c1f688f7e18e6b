import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '@switchboard/protocol';
import { api } from '../lib/api';
import { useAction } from '../lib/useAction';
import { EmptyState } from '../ui/EmptyState';
import { Modal } from '../ui/Modal';
import { PlusIcon, TeamIcon } from '../ui/icons';
import { GroupEditor } from './GroupEditor';
import { SplitPane } from '../ui/SplitPane';
import { useAdminGroups, useAdminUsers } from './adminQueries';

export function GroupsAdmin() {
  const { t } = useTranslation();
  const loadedGroups = useAdminGroups();
  const loadedUsers = useAdminUsers();
  const groups = loadedGroups.list;
  const users = loadedUsers.list ?? [];
  const error = loadedGroups.error || loadedUsers.error;
  // Until one is picked, the first group shows.
  const [chosenId, setSelectedId] = useState<number | null | undefined>(undefined);
  const selectedId = chosenId !== undefined ? chosenId : (groups?.[0]?.id ?? null);
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState('');
  /** Phones: a group was picked (or created), so its editor shows instead of the list. */
  const [picked, setPicked] = useState(false);

  const sorted = [...(groups ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const selected = groups?.find((g) => g.id === selectedId);

  const creation = useAction(
    (name: string) => api<Group>('POST', '/api/admin/groups', { name, members: [] }),
    (group) => {
      loadedGroups.update((list) => [...list, group]);
      setSelectedId(group.id);
      setPicked(true);
      setCreating(false);
      setNewName('');
    },
  );
  const create = () => creation.run(newName.trim());

  const saved = (group: Group) => loadedGroups.update((list) => list.map((g) => (g.id === group.id ? group : g)));
  const deleted = (id: number) => {
    loadedGroups.update((list) => list.filter((g) => g.id !== id));
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
          busy={creation.busy}
          error={creation.error}
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
