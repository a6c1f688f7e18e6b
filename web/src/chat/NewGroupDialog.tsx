import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamView } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import type { SearchResult } from '../lib/types';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { Avatar } from '../ui/Avatar';
import { Modal } from '../ui/Modal';
import { CloseIcon } from '../ui/icons';
import { createGroupChat } from './actions';

interface Person {
  id: number;
  name: string;
  extension: string;
}

export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const [title, setTitle] = useState('');
  const [filter, setFilter] = useState('');
  const q = useDebounced(filter.trim(), 200);
  const [team, setTeam] = useState<readonly Person[]>([]);
  const [found, setFound] = useState<readonly Person[] | null>(null);
  const [picked, setPicked] = useState<readonly Person[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    api<TeamView>('GET', '/api/team')
      .then((view) => setTeam(view.members))
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [t]);

  useEffect(() => {
    if (!q) {
      setFound(null);
      return;
    }
    let current = true;
    api<SearchResult>('GET', withQuery('/api/users/search', { q }))
      .then((r) => current && setFound(r.users))
      .catch((err: unknown) => current && setError(errorText(err, t)));
    return () => {
      current = false;
    };
  }, [q, t]);

  const candidates = useMemo(() => (found ?? team).filter((p) => p.id !== me), [found, team, me]);
  const isPicked = (id: number) => picked.some((p) => p.id === id);
  const toggle = (person: Person) => setPicked((list) => (list.some((p) => p.id === person.id) ? list.filter((p) => p.id !== person.id) : [...list, person]));

  const submit = () => {
    if (!title.trim()) return setError(t('chat.groupTitleRequired'));
    if (picked.length === 0) return setError(t('chat.groupMembersRequired'));
    setBusy(true);
    createGroupChat(
      title.trim(),
      picked.map((p) => p.id),
    )
      .then(onClose)
      .catch((err: unknown) => {
        setError(errorText(err, t));
        setBusy(false);
      });
  };

  return (
    <Modal title={t('chat.newGroup')} onClose={onClose} onSubmit={submit} submitLabel={t('chat.createGroup')} busy={busy} error={error}>
      <label className="field">
        <span>{t('chat.groupTitle')}</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} data-testid="group-title" />
      </label>
      <div className="field">
        <span>{t('chat.groupMembers')}</span>
        {picked.length > 0 && (
          <div className="chips">
            {picked.map((p) => (
              <span key={p.id} className="chip">
                {p.name}
                <button type="button" onClick={() => toggle(p)} aria-label={t('common.remove')}>
                  <CloseIcon />
                </button>
              </span>
            ))}
          </div>
        )}
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={t('chat.searchPeople')}
          aria-label={t('chat.searchPeople')}
        />
      </div>
      <ul className="pick-list">
        {candidates.length === 0 && <li className="muted pick-list__empty">{t('chat.noPeople')}</li>}
        {candidates.map((p) => (
          <li key={p.id}>
            <label className="pick-list__item">
              <input type="checkbox" checked={isPicked(p.id)} onChange={() => toggle(p)} data-testid="group-member-option" data-user-id={p.id} />
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
