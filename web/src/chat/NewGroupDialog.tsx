import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../lib/useDebounced';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { useAction } from '../lib/useAction';
import { useTeam } from '../team/teamQueries';
import { Avatar } from '../ui/Avatar';
import { Modal } from '../ui/Modal';
import { CloseIcon } from '../ui/icons';
import { createGroupChat } from './actions';
import { useUserSearch } from './queries';

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
  const team = useTeam(undefined);
  const search = useUserSearch(q);
  const [picked, setPicked] = useState<readonly Person[]>([]);
  const create = useAction((input: { title: string; ids: number[] }) => createGroupChat(input.title, input.ids), onClose);
  const loadError = team.isError || search.isError ? errorText(team.error ?? search.error, t) : '';
  const error = create.error || loadError;

  const candidates = useMemo<readonly Person[]>(
    () => ((q ? search.data?.users : undefined) ?? team.data?.members ?? []).filter((p) => p.id !== me),
    [q, search.data, team.data, me],
  );
  const isPicked = (id: number) => picked.some((p) => p.id === id);
  const toggle = (person: Person) => setPicked((list) => (list.some((p) => p.id === person.id) ? list.filter((p) => p.id !== person.id) : [...list, person]));

  const submit = () => {
    if (!title.trim()) return create.refuse(t('chat.groupTitleRequired'));
    if (picked.length === 0) return create.refuse(t('chat.groupMembersRequired'));
    create.run({ title: title.trim(), ids: picked.map((p) => p.id) });
  };

  return (
    <Modal title={t('chat.newGroup')} onClose={onClose} onSubmit={submit} submitLabel={t('chat.createGroup')} busy={create.busy} error={error}>
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
