/**
 * Splits message text into plain text and links, the same in the agent client and the website widget.
 * Only http(s) and mailto links are made: anything else (javascript:, data:, …) stays text, so a message
 * can never carry a script into a reader's page. Hand-written rather than a library to keep the widget
 * small; free of zod for the same reason.
 */
export type LinkSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// A URL with its scheme or starting "www.", or a plain e-mail address. The lookbehind keeps a match from
// starting in the middle of a word ("xhttps://", "name@" inside a longer token).
const LINK = /(?<![\w@./-])(?:(?:https?:\/\/|mailto:|www\.)[^\s<>"]+|[\w.%+-]+@[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,})/gi;

// Sentence punctuation written after a link belongs to the sentence, not the link ("see https://x.org/a.").
const TRAILING = /[.,;:!?'"\u2019\u201d]+$/;

/** Drops trailing punctuation, and closing brackets that have no opening one inside the link: "(see https://x.org)". */
function trimEnd(raw: string): string {
  let text = raw;
  for (;;) {
    const before = text;
    text = text.replace(TRAILING, '');
    const last = text.at(-1);
    const open = last === ')' ? '(' : last === ']' ? '[' : last === '}' ? '{' : undefined;
    if (open && count(text, open) < count(text, last as string)) text = text.slice(0, -1);
    if (text === before) return text;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The address a link text opens, or undefined when it is not a safe, complete http(s)/mailto address. */
function hrefFor(text: string): string | undefined {
  const lower = text.toLowerCase();
  const href = lower.startsWith('www.') ? `https://${text}` : lower.startsWith('http') || lower.startsWith('mailto:') ? text : `mailto:${text}`;
  try {
    const url = new URL(href);
    if (url.protocol === 'mailto:') return url.pathname.includes('@') ? href : undefined;
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? href : undefined;
  } catch {
    return undefined;
  }
}

export function splitLinks(text: string): LinkSegment[] {
  const segments: LinkSegment[] = [];
  let plain = '';
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const linkText = trimEnd(match[0]);
    const href = hrefFor(linkText);
    if (!href) continue;
    plain += text.slice(at, match.index);
    if (plain) segments.push({ kind: 'text', text: plain });
    plain = '';
    segments.push({ kind: 'link', text: linkText, href });
    at = match.index + linkText.length;
  }
  plain += text.slice(at);
  if (plain) segments.push({ kind: 'text', text: plain });
  return segments;
}
