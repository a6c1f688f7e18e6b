import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Presence, TransferTarget } from '@switchboard/protocol';
import { api, withQuery } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import type { QueueRefListResponse } from '../lib/types';
import { useTeam } from '../team/teamQueries';
import { useUserSearch } from './queries';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { usePresence } from '../team/presenceStore';
import { Avatar } from '../ui/Avatar';
import { Dialog } from '../ui/Dialog';
import { QueueIcon, SearchIcon } from '../ui/icons';
import { transferChat } from './customerActions';

interface Person {
  id: number;
  name: string;
  extension: string;
  presence: Presence;
}

function PersonTarget({ person, onPick, disabled }: { person: Person; onPick: () => void; disabled: boolean }) {
  const { t } = useTranslation();
  const presence = usePresence(person.id, person.presence);
  return (
    <li>
      <button type="button" className="target" onClick={onPick} disabled={disabled} data-testid="transfer-target" data-user-id={person.id}>
        <Avatar name={person.name} size="sm" presence={presence} />
        <span className="target__name">{person.name}</span>
        <span className="target__meta">
          {t('team.extension', { extension: person.extension })} · {t(`presence.${presence}`)}
        </span>
      </button>
    </li>
  );
}

export function TransferDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 200);
  // Colleagues: my groups' members, or whoever matches what is typed; queues matching it.
  const team = useTeam(undefined);
  const search = useUserSearch(q);
  const queueList = useQuery({
    queryKey: ['queue-refs', q],
    queryFn: () => api<QueueRefListResponse>('GET', withQuery('/api/queues', { q })),
    placeholderData: (previous) => previous,
  });
  const peopleSource = q ? search : team;
  const found: readonly Person[] | undefined = q ? search.data?.users : team.data?.members;
  const people = found ? found.filter((u) => u.id !== me) : null;
  const queues = queueList.data?.queues ?? null;
  const failed = [peopleSource, queueList].find((r) => r.isError);
  const [actionError, setError] = useState('');
  const error = actionError || (failed ? errorText(failed.error, t) : '');
  const [busy, setBusy] = useState(false);

  const pick = (to: TransferTarget, name: string) => {
    setBusy(true);
    setError('');
    void transferChat(conversation.id, to, name, t).then((failure) => {
      if (failure) {
        setError(failure);
        setBusy(false);
      } else onClose();
    });
  };

  const loading = people === null || queues === null;
  return (
    <Dialog title={t('customer.transfer.title', { name: conversation.title })} onClose={onClose} testId="transfer-dialog">
      <p className="muted transfer__hint">{t('customer.transfer.hint')}</p>
      <div className="search-field transfer__search">
        <SearchIcon />
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('customer.transfer.search')}
          aria-label={t('customer.transfer.searchLabel')}
          data-testid="transfer-search"
        />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="transfer__lists">
        {loading ? (
          <p className="muted section-empty">{t('chat.searching')}</p>
        ) : (
          <>
            <h3 className="section-title">{t('customer.transfer.colleagues')}</h3>
            {people.length === 0 ? (
              <p className="muted section-empty">{t('chat.noPeople')}</p>
            ) : (
              <ul className="targets">
                {people.slice(0, 30).map((p) => (
                  <PersonTarget key={p.id} person={p} disabled={busy} onPick={() => pick({ type: 'user', userId: p.id }, p.name)} />
                ))}
              </ul>
            )}
            <h3 className="section-title">{t('customer.transfer.queues')}</h3>
            {queues.length === 0 ? (
              <p className="muted section-empty">{t('customer.transfer.noQueues')}</p>
            ) : (
              <ul className="targets">
                {queues.map((queue) => (
                  <li key={queue.id}>
                    <button
                      type="button"
                      className="target"
                      disabled={busy}
                      onClick={() => pick({ type: 'queue', queueId: queue.id }, `${queue.number} ${queue.name}`)}
                      data-testid="transfer-target"
                      data-queue-id={queue.id}
                    >
                      <span className="target__queue">
                        <QueueIcon />
                      </span>
                      <span className="target__name">{queue.name}</span>
                      <span className="target__meta">{t('customer.queueNumber', { number: queue.number })}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </Dialog>
  );
}
