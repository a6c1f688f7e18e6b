import { useMemo } from 'react';
import { splitLinks } from '@switchboard/protocol/links';
import { PhoneText } from '../phone/PhoneText';
import './links.css';

/**
 * Message text with its web and e-mail addresses as links (opened in a new tab, without giving the page
 * access to ours) and the rest read for phone numbers. A link's own text is not scanned for phone numbers,
 * so the digits in "https://x.org/orders/0301234567" stay part of the link.
 */
export function LinkedText({ text }: { text: string }) {
  const segments = useMemo(() => splitLinks(text), [text]);
  return (
    <>
      {segments.map((segment, i) =>
        segment.kind === 'text' ? (
          <PhoneText key={i} text={segment.text} />
        ) : (
          <a key={i} className="message-link" data-testid="message-link" href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ),
      )}
    </>
  );
}
