import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { useStore } from '../lib/store';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { usePresence } from '../team/presenceStore';
import { Avatar } from '../ui/Avatar';
import { loadLatest, loadOlder, markRead } from './actions';
import { chatStore } from './chatStore';
import { conversationTitle, otherMember } from './conversationInfo';
import { MessageList } from './MessageList';
import { Composer } from './Composer';

function Header({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const title = conversationTitle(conversation, me);
  const other = conversation.kind === 'direct' ? otherMember(conversation, me) : undefined;
  const presence = usePresence(other?.id ?? 0);

  return (
    <header className="conversation__header">
      <Avatar name={title} presence={other ? presence : undefined} group={conversation.kind === 'group'} />
      <div className="conversation__heading">
        <h2 data-testid="conversation-title">{title}</h2>
        {other ? (
          <p>
            <span className={`presence-label presence-label--${presence}`}>{t(`presence.${presence}`)}</span>
            {' · '}
            {t('team.extension', { extension: other.extension })}
          </p>
        ) : (
          <p title={conversation.members.map((m) => m.name).join(', ')}>
            {t('chat.memberCount', { count: conversation.members.length })}
            {' · '}
            {conversation.members.map((m) => (m.id === me ? t('chat.you') : m.name)).join(', ')}
          </p>
        )}
      </div>
    </header>
  );
}

export function ConversationPane({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const history = useStore(chatStore, (s) => s.histories[conversation.id]);
  const allPending = useStore(chatStore, (s) => s.pending);
  const pending = useMemo(() => allPending.filter((p) => p.conversationId === conversation.id), [allPending, conversation.id]);
  const [loadError, setLoadError] = useState('');
  const [olderError, setOlderError] = useState('');

  useEffect(() => {
    if (history || loadError) return;
    loadLatest(conversation.id).catch((err: unknown) => setLoadError(errorText(err, t)));
  }, [history, loadError, conversation.id, t]);

  const newestId = Math.max(history?.messages.at(-1)?.id ?? 0, conversation.lastMessage?.id ?? 0);
  const myLastRead = conversation.members.find((m) => m.id === me)?.lastReadMessageId ?? 0;
  const behind = newestId > 0 && (newestId > myLastRead || conversation.unread > 0);
  const posted = useRef(0);

  useEffect(() => {
    if (!behind) return;
    const markIfVisible = () => {
      if (document.visibilityState !== 'visible' || posted.current >= newestId) return;
      posted.current = newestId;
      markRead(conversation.id, newestId);
    };
    markIfVisible();
    document.addEventListener('visibilitychange', markIfVisible);
    return () => document.removeEventListener('visibilitychange', markIfVisible);
  }, [behind, newestId, conversation.id]);

  const older = () => {
    setOlderError('');
    loadOlder(conversation.id).catch((err: unknown) => setOlderError(errorText(err, t)));
  };

  return (
    <div className="conversation" data-testid="conversation" data-conversation-id={conversation.id}>
      <Header conversation={conversation} />
      {loadError ? (
        <div className="conversation__status">
          <p className="form-error">{loadError}</p>
          <button type="button" className="button" onClick={() => setLoadError('')}>
            {t('common.retry')}
          </button>
        </div>
      ) : history?.loaded ? (
        <MessageList conversation={conversation} history={history} pending={pending} onLoadOlder={older} olderError={olderError} />
      ) : (
        <p className="conversation__status muted">{t('chat.loadingMessages')}</p>
      )}
      <Composer conversationId={conversation.id} />
    </div>
  );
}
