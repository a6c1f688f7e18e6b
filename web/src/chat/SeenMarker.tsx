import { useTranslation } from 'react-i18next';
import type { Conversation } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { firstName } from './conversationInfo';

/** Under my newest message: who of the others has read up to it. */
export function SeenMarker({ conversation, messageId }: { conversation: Conversation; messageId: number }) {
  const { t } = useTranslation();
  const me = currentUser().id;
  const others = conversation.members.filter((m) => m.id !== me);
  const readers = others.filter((m) => m.lastReadMessageId >= messageId);
  if (readers.length === 0) return null;
  let text: string;
  if (conversation.kind === 'direct') text = t('chat.seen');
  else if (readers.length === others.length) text = t('chat.seenByAll');
  else text = t('chat.seenBy', { names: readers.map((m) => firstName(m.name)).join(', ') });
  return (
    <div className="message__note message__seen" data-testid="seen-marker">
      {text}
    </div>
  );
}
