import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Conversation, TeamView, UserSearchResult } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { Modal } from '../ui/Modal';
import { addGroupMembers } from './groupActions';

/** Picks colleagues who are not in the group chat yet and adds them. */
export function AddMembersDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  // My team first; typing searches every colleague (the team view holds only the groups I am in).
  const team = useQuery({ queryKey: ['team'], queryFn: () => api<TeamView>('GET', '/api/team') });
  const [filter, setFilter] = useState('');
  const q = useDebounced(filter.trim(), 200);
  const search = useQuery({
    queryKey: ['users-search', q],
    queryFn: () => api<UserSearchResult>('GET', withQuery('/api/users/search', { q })),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
  const [picked, setPicked] = useState<readonly number[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const candidates = useMemo(() => {
    const inGroup = new Set(conversation.members.map((m) => m.id));
    const people = q ? (search.data?.users ?? []) : (team.data?.members ?? []);
    return people.filter((p) => !inGroup.has(p.id));
  }, [team.data, search.data, conversation.members, q]);
  const loading = q ? search.isPending : team.isPending;

  const toggle = (id: number) => setPicked((list) => (list.includes(id) ? list.filter((p) => p !== id) : [...list, id]));
  const submit = () => {
    if (picked.length === 0) return setError(t('chat.groupMembersRequired'));
    setBusy(true);
    addGroupMembers(conversation.id, [...picked])
      .then(onClose)
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };

  return (
    <Modal
      title={t('chat.group.addTitle')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={picked.length ? t('chat.group.addConfirm', { count: picked.length }) : t('chat.group.add')}
      busy={busy}
      error={error || (team.isError ? errorText(team.error, t) : '')}
    >
      <label className="field">
        <span>{t('chat.groupMembers')}</span>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('chat.searchPeople')} data-testid="group-add-filter" />
      </label>
      <ul className="pick-list">
        {loading && <li className="muted pick-list__empty">{t('app.loading')}</li>}
        {!loading && candidates.length === 0 && <li className="muted pick-list__empty">{t('chat.noPeople')}</li>}
        {candidates.map((p) => (
          <li key={p.id}>
            <label className="pick-list__item">
              <input type="checkbox" checked={picked.includes(p.id)} onChange={() => toggle(p.id)} data-testid="group-add-option" data-user-id={p.id} />
              <Avatar name={p.name} size="sm" />
              <span>{p.name}</span>
              <span className="muted">{t('team.extension', { extension: p.extension })}</span>
            </label>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
