import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { navigate } from '../app/route';
import { formatShort } from '../i18n/format';
import { usePresence } from '../team/presenceStore';
import { Avatar } from '../ui/Avatar';
import { ChannelIcon } from '../ui/ChannelIcon';
import { conversationTitle, firstName, otherMember } from './conversationInfo';
import { systemNoteText } from './systemNote';
import { DeliveryMark } from './DeliveryMark';

export function RecentsItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const { t, i18n } = useTranslation();
  const me = currentUser().id;
  const title = conversationTitle(conversation, me);
  const other = conversation.kind === 'direct' ? otherMember(conversation, me) : undefined;
  const presence = usePresence(other?.id ?? 0);
  const last = conversation.lastMessage;

  let preview = t('chat.noMessagesYet');
  if (last) {
    const files = last.attachments.map((a) => a.name).join(', ');
    const text = last.body.replace(/\s+/g, ' ').trim();
    const line = last.deletedAt
      ? t('chat.edit.deleted')
      : last.system
        ? systemNoteText(last.system, t, last.body)
        : text || (files ? t('files.preview', { names: files }) : '');
    if (last.author === 'user' && last.senderId === me) preview = t('chat.previewMine', { body: line });
    else if (last.author === 'user' && conversation.kind === 'group') preview = t('chat.previewOther', { name: firstName(last.senderName), body: line });
    else preview = line;
  }

  // Whether my last message reached the messaging-app customer, as messaging apps show it in their lists.
  const mineDelivery = conversation.capabilities?.delivery && last?.author === 'user' && last.senderId === me ? last.delivery : null;

  const waiting = conversation.kind === 'external' && conversation.state === 'queued' && conversation.owner === null;
  const status = waiting
    ? conversation.queue
      ? t('customer.waitingInQueue', { number: conversation.queue.number, name: conversation.queue.name })
      : t('customer.state.queued')
    : conversation.kind === 'external' && conversation.state === 'closed'
      ? t('customer.state.closed')
      : '';

  return (
    <li>
      <button
        type="button"
        className={`recent${active ? ' is-active' : ''}${conversation.unread > 0 ? ' is-unread' : ''}${waiting ? ' recent--waiting' : ''}`}
        onClick={() => navigate({ view: 'chat', conversationId: conversation.id })}
        aria-current={active ? 'true' : undefined}
        data-testid="recents-item"
        data-conversation-id={conversation.id}
        data-state={conversation.state ?? undefined}
      >
        <Avatar name={title || '?'} presence={other ? presence : undefined} group={conversation.kind === 'group'} />
        <span className="recent__body">
          <span className="recent__line">
            {conversation.channel && <ChannelIcon channel={conversation.channel} size={15} />}
            <span className="recent__title">{title || t('customer.anonymous')}</span>
            <time className="recent__time" dateTime={new Date(conversation.lastActivityAt).toISOString()}>
              {formatShort(conversation.lastActivityAt, i18n.language, t)}
            </time>
          </span>
          {status && (
            <span className="recent__line">
              <span className={`recent__status${waiting ? ' recent__status--waiting' : ''}`} data-testid="recents-status">
                {status}
              </span>
            </span>
          )}
          <span className="recent__line">
            {mineDelivery && (
              <span className="recent__mark">
                <DeliveryMark delivery={mineDelivery} />
              </span>
            )}
            <span className="recent__preview">{preview}</span>
            {conversation.unread > 0 && (
              <span className="badge" data-testid="unread-badge" aria-label={t('chat.unread', { count: conversation.unread })}>
                {conversation.unread > 99 ? '99+' : conversation.unread}
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
}
