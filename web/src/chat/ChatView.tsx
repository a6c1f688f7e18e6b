import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { EmptyState } from '../ui/EmptyState';
import { ChatIcon } from '../ui/icons';
import { errorText } from '../app/errorText';
import { fetchConversation } from './actions';
import { chatStore, setActiveConversation } from './chatStore';
import { ChatSidebar } from './ChatSidebar';
import { ConversationPane } from './ConversationPane';
import './chat.css';

export function ChatView({ conversationId }: { conversationId: number | null }) {
  const { t } = useTranslation();
  const loaded = useStore(chatStore, (s) => s.loaded);
  const conversation = useStore(chatStore, (s) => (conversationId === null ? undefined : s.conversations[conversationId]));
  const [missing, setMissing] = useState<{ id: number; error: string } | null>(null);

  useEffect(() => {
    setActiveConversation(conversationId);
    return () => setActiveConversation(null);
  }, [conversationId]);

  const unknown = loaded && conversationId !== null && !conversation;
  useEffect(() => {
    if (!unknown || conversationId === null) return;
    fetchConversation(conversationId).catch((err: unknown) => setMissing({ id: conversationId, error: errorText(err, t) }));
  }, [unknown, conversationId, t]);

  let main;
  if (conversation) {
    main = <ConversationPane key={conversation.id} conversation={conversation} />;
  } else if (conversationId !== null && missing?.id === conversationId) {
    main = <EmptyState icon={<ChatIcon />} title={t('chat.notFound')} hint={missing.error} />;
  } else if (conversationId !== null) {
    main = <p className="muted page__loading">{t('app.loading')}</p>;
  } else {
    main = <EmptyState icon={<ChatIcon />} title={t('chat.pickTitle')} hint={t('chat.pickHint')} />;
  }

  return (
    <div className="chat">
      <ChatSidebar activeId={conversationId} />
      <section className="chat__main">{main}</section>
    </div>
  );
}
