import { useTranslation } from 'react-i18next';
import type { MessageHit } from '@switchboard/protocol';
import { formatShort } from '../i18n/format';
import { Avatar } from '../ui/Avatar';
import { ChannelIcon } from '../ui/ChannelIcon';
import { firstName } from './conversationInfo';
import { openAtMessage, snippetParts } from './focusStore';
import { currentUser } from '../auth/session';

/** A message found by the sidebar's search: where it is, who wrote it, the words found; opens the chat at it. */
export function MessageHitItem({ hit, words }: { hit: MessageHit; words: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const mine = hit.senderId === currentUser().id;
  const title = hit.conversationTitle || (hit.conversationKind === 'external' ? t('customer.anonymous') : '?');
  const who = mine ? t('chat.you') : firstName(hit.senderName);
  return (
    <li>
      <button
        type="button"
        className="recent"
        onClick={() => openAtMessage({ conversationId: hit.conversationId, messageId: hit.messageId })}
        data-testid="message-hit"
        data-conversation-id={hit.conversationId}
        data-message-id={hit.messageId}
      >
        <Avatar name={title} group={hit.conversationKind === 'group'} />
        <span className="recent__body">
          <span className="recent__line">
            {hit.channel && <ChannelIcon channel={hit.channel} size={15} />}
            <span className="recent__title">{title}</span>
            <time className="recent__time" dateTime={new Date(hit.createdAt).toISOString()}>
              {formatShort(hit.createdAt, i18n.language, t)}
            </time>
          </span>
          <span className="recent__line">
            <span className="recent__preview">
              {who && <span className="hit__who">{who}: </span>}
              {snippetParts(hit.body, words).map((part, i) =>
                part.match ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order, never reordered
                  <mark key={i} className="hit__match">
                    {part.text}
                  </mark>
                ) : (
                  part.text
                ),
              )}
            </span>
          </span>
        </span>
      </button>
    </li>
  );
}
