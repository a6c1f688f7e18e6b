import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { firstName } from './conversationInfo';
import { typingStore } from './typingStore';

/** "Ben is typing…" under the messages while someone else writes in this conversation. */
export function TypingLine({ conversationId }: { conversationId: number }) {
  const { t } = useTranslation();
  const typists = useStore(typingStore, (s) => s[conversationId]);
  const names = (typists ?? []).map((p) => (p.userId === undefined ? p.name : firstName(p.name)));
  return (
    <div className="typing-line" aria-live="polite" data-testid="typing-indicator" data-typing={names.length > 0 ? 'true' : 'false'}>
      {names.length > 0 && (
        <>
          <span className="typing-line__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {names.length === 1 ? t('chat.typing.one', { name: names[0] }) : t('chat.typing.many', { names: names.join(', ') })}
        </>
      )}
    </div>
  );
}
