import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { Avatar } from '../ui/Avatar';
import { ChannelIcon } from '../ui/ChannelIcon';
import { CloseIcon } from '../ui/icons';
import { chatToastStore, dismissChatToast, openFromNotification } from './notifier';
import './notifications.css';

/** In-app notifications of new messages and chats: click one to open the conversation. */
export function ChatToaster() {
  const { t } = useTranslation();
  const toasts = useStore(chatToastStore, (s) => s);
  return (
    <div className="chat-toaster" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="chat-toast" role="status" data-testid="chat-toast" data-conversation-id={toast.conversationId}>
          <button
            type="button"
            className="chat-toast__open"
            data-testid="chat-toast-open"
            onClick={() => openFromNotification(toast)}
            title={t('notifications.open')}
          >
            <span className="chat-toast__avatar">
              <Avatar name={toast.person || toast.title} size="sm" />
              {toast.channel && <ChannelIcon channel={toast.channel} size={14} />}
            </span>
            <span className="chat-toast__body">
              <strong className="chat-toast__title">{toast.title}</strong>
              {toast.text && <span className="chat-toast__text">{toast.text}</span>}
            </span>
          </button>
          <button type="button" className="icon-button chat-toast__close" onClick={() => dismissChatToast(toast.id)} aria-label={t('common.close')}>
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
