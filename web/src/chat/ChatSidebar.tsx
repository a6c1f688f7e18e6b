import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { useDebounced } from '../lib/useDebounced';
import type { SearchUser } from '../lib/types';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { setPresences } from '../team/presenceStore';
import { EmptyState } from '../ui/EmptyState';
import { ArchiveIcon, ChatIcon, SearchIcon } from '../ui/icons';
import { MyQueues } from '../queues/MyQueues';
import { openDirectChat } from './actions';
import { chatStore, updateConversation } from './chatStore';
import { conversationTitle } from './conversationInfo';
import { RecentsItem } from './RecentsItem';
import { SearchResultItem } from './SearchResultItem';
import { MessageHits } from './MessageHits';
import { useArchivedConversations, useUserSearch } from './queries';
import { NewGroupDialog } from './NewGroupDialog';
import { NewChatButton } from './NewChatButton';

export function ChatSidebar({ activeId }: { activeId: number | null }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const loaded = useStore(chatStore, (s) => s.loaded);
  const conversations = useStore(chatStore, (s) => s.conversations);
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 200);
  const [actionError, setError] = useState('');
  const [creatingGroup, setCreatingGroup] = useState(false);
  const search = useUserSearch(q);
  const results = useMemo(() => (q && search.data ? search.data.users.filter((u) => u.id !== me) : null), [q, search.data, me]);

  const [mode, setMode] = useState<'recent' | 'archived'>('recent');
  const archived = useArchivedConversations(mode === 'archived');
  const error = actionError || [search, archived].map((r) => (r.isError ? errorText(r.error, t) : '')).find(Boolean) || '';

  // What the server answered goes to the stores that keep it live: presence, and the conversations.
  useEffect(() => {
    if (search.data) setPresences(search.data.users);
  }, [search.data]);
  useEffect(() => {
    for (const c of archived.data?.conversations ?? []) updateConversation(c);
  }, [archived.data]);
  const archiveLoaded = archived.isFetched || archived.isError;

  const archivedView = mode === 'archived';
  const recents = useMemo(
    () =>
      Object.values(conversations)
        // Chats opened from a queue's waiting list as a supervisor are looked at, not mine: keep them out.
        .filter((c) => c.archived === archivedView && c.myRole !== 'supervisor')
        .sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id),
    [conversations, archivedView],
  );
  const searching = query.trim() !== '';
  const matchingRecents = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? recents.filter((c) => conversationTitle(c, me).toLowerCase().includes(needle)) : recents;
  }, [recents, query, me]);

  const start = (user: SearchUser) => {
    setError('');
    openDirectChat(user.id)
      .then(() => setQuery(''))
      .catch((err: unknown) => setError(errorText(err, t)));
  };

  return (
    <aside className="chat-sidebar">
      <div className="chat-sidebar__top">
        <div className="search-field">
          <SearchIcon />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('chat.searchPlaceholder')}
            aria-label={t('chat.searchLabel')}
            data-testid="chat-search"
          />
        </div>
        <NewChatButton onGroup={() => setCreatingGroup(true)} />
      </div>
      {error && <p className="form-error chat-sidebar__error">{error}</p>}
      <div className="chat-sidebar__scroll">
        {!searching && <MyQueues />}
        {searching && (
          <section>
            <h2 className="section-title">{t('chat.people')}</h2>
            {results === null ? (
              <p className="muted section-empty">{t('chat.searching')}</p>
            ) : results.length === 0 ? (
              <p className="muted section-empty">{t('chat.noPeople')}</p>
            ) : (
              <ul className="recents">
                {results.map((u) => (
                  <SearchResultItem key={u.id} user={u} onSelect={start} />
                ))}
              </ul>
            )}
          </section>
        )}
        {searching && <MessageHits q={q} />}
        <section>
          <div className="section-title">
            <h2>{searching ? t('chat.conversations') : archivedView ? t('chat.archived') : t('chat.recents')}</h2>
            <label className="section-title__action mini-select">
              <span className="visually-hidden">{t('chat.show')}</span>
              <select value={mode} onChange={(e) => setMode(e.target.value === 'archived' ? 'archived' : 'recent')} data-testid="archive-select">
                <option value="recent">{t('chat.recentOption')}</option>
                <option value="archived">{t('chat.archivedOption')}</option>
              </select>
            </label>
          </div>
          {!loaded || (archivedView && !archiveLoaded) ? (
            <p className="muted section-empty">{t('app.loading')}</p>
          ) : recents.length === 0 ? (
            archivedView ? (
              <EmptyState icon={<ArchiveIcon />} title={t('chat.noArchived')} hint={t('chat.noArchivedHint')} />
            ) : (
              <EmptyState icon={<ChatIcon />} title={t('chat.noRecents')} hint={t('chat.noRecentsHint')} />
            )
          ) : matchingRecents.length === 0 ? (
            <p className="muted section-empty">{t('chat.noConversationsMatch')}</p>
          ) : (
            <ul className="recents">
              {matchingRecents.map((c) => (
                <RecentsItem key={c.id} conversation={c} active={c.id === activeId} />
              ))}
            </ul>
          )}
        </section>
      </div>
      {creatingGroup && <NewGroupDialog onClose={() => setCreatingGroup(false)} />}
    </aside>
  );
}
