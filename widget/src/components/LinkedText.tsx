/** @jsxImportSource preact */
import { splitLinks } from '@switchboard/protocol/links';

/**
 * Message text with its web and e-mail addresses as links. They open in a new tab, with no access back to
 * the website the widget is on (noopener) and without telling the linked site where the visitor came from.
 */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((segment) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a class="sb-link" href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ),
      )}
    </>
  );
}
