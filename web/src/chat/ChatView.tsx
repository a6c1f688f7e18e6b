import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { EmptyState } from '../ui/EmptyState';
import { ChatIcon, InfoIcon } from '../ui/icons';
import { errorText } from '../app/errorText';
import { fetchConversation } from './actions';
import { chatStore, setActiveConversation, setRemovedNotice, wasRemoved, type RemovedNotice } from './chatStore';
import type { TFunction } from 'i18next';
import { ChatSidebar } from './ChatSidebar';
import { ConversationPane } from './ConversationPane';
import './chat.css';

function removedTitle(removed: RemovedNotice, t: TFunction): string {
  const name = removed.byName ?? '';
  switch (removed.reason) {
    case 'taken':
      return name ? t('customer.removed.takenBy', { name }) : t('customer.removed.taken');
    case 'transferred':
      return name ? t('customer.removed.transferredBy', { name }) : t('customer.removed.transferred');
    case 'deleted':
      return name ? t('customer.removed.deletedBy', { name }) : t('customer.removed.deleted');
    case 'offer_moved':
      return t('customer.removed.offerMoved');
    case 'removed_from_group':
      return name ? t('customer.removed.removedFromGroupBy', { name }) : t('customer.removed.removedFromGroup');
    case 'left':
      return t('customer.removed.left');
  }
}

export function ChatView({ conversationId }: { conversationId: number | null }) {
  const { t } = useTranslation();
  const loaded = useStore(chatStore, (s) => s.loaded);
  const conversation = useStore(chatStore, (s) => (conversationId === null ? undefined : s.conversations[conversationId]));
  const removed = useStore(chatStore, (s) => s.removed);
  const [missing, setMissing] = useState<{ id: number; error: string } | null>(null);

  useEffect(() => {
    setActiveConversation(conversationId);
    return () => setActiveConversation(null);
  }, [conversationId]);

  const unknown = loaded && conversationId !== null && !conversation && !wasRemoved(conversationId);
  useEffect(() => {
    if (!unknown || conversationId === null) return;
    fetchConversation(conversationId).catch((err: unknown) => setMissing({ id: conversationId, error: errorText(err, t) }));
  }, [unknown, conversationId, t]);

  let main: ReactNode;
  if (conversation) {
    main = <ConversationPane key={conversation.id} conversation={conversation} />;
  } else if (conversationId !== null && missing?.id === conversationId) {
    main = <EmptyState icon={<ChatIcon />} title={t('chat.notFound')} hint={missing.error} />;
  } else if (conversationId !== null) {
    main = <p className="muted page__loading">{t('app.loading')}</p>;
  } else if (removed) {
    main = (
      <div className="removed-notice" role="status" data-testid="removed-notice" data-reason={removed.reason}>
        <div className="removed-notice__card">
          <div className="empty-state__icon">
            <InfoIcon />
          </div>
          <p className="empty-state__title">{removedTitle(removed, t)}</p>
          <p className="empty-state__hint">{t(`customer.removed.hint.${removed.reason}`, { title: removed.title || t('customer.anonymous') })}</p>
          <button type="button" className="button" onClick={() => setRemovedNotice(null)}>
            {t('customer.removed.dismiss')}
          </button>
        </div>
      </div>
    );
  } else {
    main = <EmptyState icon={<ChatIcon />} title={t('chat.pickTitle')} hint={t('chat.pickHint')} />;
  }

  // Phones show one pane: the list, or what was picked from it (a conversation, or the notice that it went away).
  const paneOpen = conversationId !== null || removed !== null;
  return (
    <div className={`chat${paneOpen ? ' chat--pane-open' : ''}`}>
      <ChatSidebar activeId={conversationId} />
      <section className="chat__main">{main}</section>
    </div>
  );
}
