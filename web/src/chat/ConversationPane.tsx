import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { useStore } from '../lib/store';
import { currentUser } from '../auth/session';
import { errorText } from '../app/errorText';
import { usePresence } from '../team/presenceStore';
import { Avatar } from '../ui/Avatar';
import { BackButton } from '../ui/BackButton';
import { navigate } from '../app/route';
import { loadLatest, loadOlder, markRead, refreshLatest } from './actions';
import { clearFocus, focusStore } from './focusStore';
import { chatStore } from './chatStore';
import { conversationTitle, otherMember } from './conversationInfo';
import { MessageList } from './MessageList';
import { ConversationImages } from '../files/ImageViewer';
import { Composer } from './Composer';
import { ChannelIcon } from '../ui/ChannelIcon';
import { CustomerActions } from './CustomerActions';
import { customerAbilities } from './customerAbilities';
import { InfoPanel } from './InfoPanel';
import { GroupPanel } from './GroupPanel';
import { TypingLine } from './TypingLine';
import { InfoIcon } from '../ui/icons';
import { ReplyWindowClosed, ReplyWindowLine, useMinuteClock } from './ReplyWindow';
import { refusedForWindow } from './replyWindowState';
import { TemplateDialog } from './TemplateDialog';
import { CallButtons } from '../calls/CallButtons';

function CustomerHeading({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const parts: string[] = [];
  if (conversation.state === 'queued') parts.push(t('customer.state.queued'));
  else if (conversation.state === 'closed') parts.push(t('customer.state.closed'));
  else if (conversation.owner) parts.push(conversation.owner.id === me ? t('customer.ownedByMe') : t('customer.ownedBy', { name: conversation.owner.name }));
  if (conversation.queue) parts.push(t('customer.queueLabel', { number: conversation.queue.number, name: conversation.queue.name }));
  if (conversation.archived) parts.push(t('customer.archivedLabel'));
  return (
    <div className="conversation__heading">
      <h2 data-testid="conversation-title">
        {conversation.channel && <ChannelIcon channel={conversation.channel} />}
        <span>{conversation.title || t('customer.anonymous')}</span>
      </h2>
      <p>
        <span className={`state-label state-label--${conversation.state ?? 'none'}`}>{parts[0]}</span>
        {parts.length > 1 && ` · ${parts.slice(1).join(' · ')}`}
      </p>
    </div>
  );
}

function BackToList() {
  return <BackButton onBack={() => navigate({ view: 'chat', conversationId: null })} testId="conversation-back" />;
}

function Header({ conversation, onInfo, onTemplate }: { conversation: Conversation; onInfo: () => void; onTemplate: () => void }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const title = conversationTitle(conversation, me);
  const other = conversation.kind === 'direct' ? otherMember(conversation, me) : undefined;
  const presence = usePresence(other?.id ?? 0);

  if (conversation.kind === 'external') {
    return (
      <header className="conversation__header">
        <BackToList />
        <Avatar name={title || '?'} />
        <CustomerHeading conversation={conversation} />
        <CustomerActions conversation={conversation} onInfo={onInfo} onTemplate={onTemplate} />
      </header>
    );
  }

  return (
    <header className="conversation__header">
      <BackToList />
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
      <CallButtons conversation={conversation} />
      {conversation.kind === 'group' && (
        <div className="chat-actions">
          <button
            type="button"
            className="icon-button icon-button--bordered"
            onClick={onInfo}
            aria-label={t('chat.group.title')}
            title={t('chat.group.title')}
            data-testid="group-info-button"
          >
            <InfoIcon />
          </button>
        </div>
      )}
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
  const [infoOpen, setInfoOpen] = useState(false);
  const [templateOpen, setTemplateOpen] = useState(false);
  const now = useMinuteClock(conversation.replyWindowClosesAt);

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

  // A supervisor is not sent this chat's events: look for news now and then instead.
  const watching = conversation.myRole === 'supervisor';
  useEffect(() => {
    if (!watching) return;
    const timer = setInterval(() => void refreshLatest(conversation.id).catch(() => undefined), 5000);
    return () => clearInterval(timer);
  }, [watching, conversation.id]);

  const older = () => {
    setOlderError('');
    loadOlder(conversation.id).catch((err: unknown) => setOlderError(errorText(err, t)));
  };

  // A search result was picked: page back until its message is loaded (MessageList then scrolls to it).
  const focus = useStore(focusStore, (f) => (f?.conversationId === conversation.id ? f.messageId : null));
  const focusMissing = focus !== null && history?.loaded === true && !history.messages.some((m) => m.id === focus);
  useEffect(() => {
    if (!focusMissing || focus === null || !history || history.loadingOlder || olderError) return;
    if (history.nextBefore === null || history.nextBefore < focus)
      clearFocus(focus); // deleted meanwhile
    else older();
  });

  const external = conversation.kind === 'external';
  const can = customerAbilities(conversation, currentUser().role === 'admin', now);
  const limits = conversation.capabilities?.fileLimits ?? null;
  // One object per chat and limits, so the attach button's drop listener is not set up again on each render.
  const channelFiles = useMemo(() => (conversation.channel && limits ? { channel: conversation.channel, limits } : null), [conversation.channel, limits]);
  const canReply = !external || can.reply;
  const blocked = conversation.customer?.blocked === true;
  // The messaging app's reply window closed (by the clock, or the server refused a send for it): only a template reaches the customer now.
  const refused = refusedForWindow(pending, conversation.replyWindowClosesAt, conversation.capabilities?.replyWindowMs ?? null);
  const windowClosed = external && canReply && (!can.freeText || refused);
  const openTemplate = () => setTemplateOpen(true);

  return (
    <div className={`conversation${infoOpen ? ' has-info' : ''}`} data-testid="conversation" data-conversation-id={conversation.id}>
      <div className="conversation__main">
        <Header conversation={conversation} onInfo={() => setInfoOpen(true)} onTemplate={openTemplate} />
        {loadError ? (
          <div className="conversation__status">
            <p className="form-error">{loadError}</p>
            <button type="button" className="button" onClick={() => setLoadError('')}>
              {t('common.retry')}
            </button>
          </div>
        ) : history?.loaded ? (
          <ConversationImages messages={history.messages}>
            <MessageList conversation={conversation} history={history} pending={pending} onLoadOlder={older} olderError={olderError} focus={focus} />
          </ConversationImages>
        ) : (
          <p className="conversation__status muted">{t('chat.loadingMessages')}</p>
        )}
        <TypingLine conversationId={conversation.id} />
        {external && conversation.state === 'closed' && (
          <div className="session-ended" role="status" data-testid="session-ended-banner">
            {blocked ? t('customer.blockedBanner') : canReply ? t('customer.sessionEndedCanWrite') : t('customer.sessionEnded')}
          </div>
        )}
        {windowClosed ? (
          <ReplyWindowClosed onTemplate={can.template ? openTemplate : null} />
        ) : canReply ? (
          <>
            {external && conversation.replyWindowClosesAt !== null && <ReplyWindowLine closesAt={conversation.replyWindowClosesAt} now={now} />}
            <Composer conversationId={conversation.id} files={!external || can.files} sms={conversation.channel === 'sms'} channel={channelFiles} />
          </>
        ) : (
          <div className="composer composer--locked" data-testid="composer-locked">
            {blocked
              ? t('customer.replyBlocked')
              : conversation.owner && conversation.owner.id !== me
                ? t('customer.replyLockedOwned', { name: conversation.owner.name })
                : t('customer.replyLocked')}
          </div>
        )}
      </div>
      {infoOpen && external && <InfoPanel conversation={conversation} onClose={() => setInfoOpen(false)} />}
      {infoOpen && conversation.kind === 'group' && <GroupPanel conversation={conversation} onClose={() => setInfoOpen(false)} />}
      {templateOpen && <TemplateDialog conversation={conversation} onClose={() => setTemplateOpen(false)} />}
    </div>
  );
}
