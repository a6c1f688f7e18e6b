import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../app/errorText';
import { queryWords } from './focusStore';
import { MessageHitItem } from './MessageHitItem';
import { useMessageSearch } from './queries';

/** The sidebar search's second section: messages whose text holds the words, in my conversations. */
export function MessageHits({ q }: { q: string }) {
  const { t } = useTranslation();
  const search = useMessageSearch(q);
  const words = queryWords(q);
  let content: ReactNode;
  if (search.isError) content = <p className="form-error section-empty">{errorText(search.error, t)}</p>;
  else if (!search.data || !q) content = <p className="muted section-empty">{t('chat.searching')}</p>;
  else if (search.data.hits.length === 0) content = <p className="muted section-empty">{t('chat.noMessagesFound')}</p>;
  else
    content = (
      <ul className="recents" data-testid="message-hits">
        {search.data.hits.map((hit) => (
          <MessageHitItem key={hit.messageId} hit={hit} words={words} />
        ))}
      </ul>
    );
  return (
    <section>
      <h2 className="section-title">{t('chat.messages')}</h2>
      {content}
    </section>
  );
}
