import { navigate } from '../app/route';
import { createStore } from '../lib/store';

/** A message to bring into view when its conversation shows (a search result was picked). */
export interface MessageFocus {
  conversationId: number;
  messageId: number;
}

export const focusStore = createStore<MessageFocus | null>(null);

/** Opens the conversation scrolled to the message, which is highlighted for a moment. */
export function openAtMessage(focus: MessageFocus): void {
  focusStore.set(() => focus);
  navigate({ view: 'chat', conversationId: focus.conversationId });
}

/** The message was brought into view (or is gone): nothing more to do for it. */
export function clearFocus(messageId: number): void {
  focusStore.set((current) => (current?.messageId === messageId ? null : current));
}

/** The words of a search as the server reads them (letters and digits; see server/src/db/dialect.ts searchWords). */
export function queryWords(q: string): string[] {
  return (q.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/**
 * Where a search word occurs in a message: the text cut around the first match so that it shows in a
 * one-line preview, split into plain and matched parts (each word matches at the start of a word).
 */
export function snippetParts(body: string, words: readonly string[], around = 40): { text: string; match: boolean }[] {
  const text = body.replace(/\s+/g, ' ').trim();
  const escaped = words.filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (escaped.length === 0) return [{ text, match: false }];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})`, 'giu');
  const first = text.search(pattern);
  const start = first > around ? text.lastIndexOf(' ', first - around / 2) + 1 || first - around / 2 : 0;
  const cut = (start > 0 ? '…' : '') + text.slice(start);
  const parts: { text: string; match: boolean }[] = [];
  let last = 0;
  for (const m of cut.matchAll(pattern)) {
    if (m.index > last) parts.push({ text: cut.slice(last, m.index), match: false });
    parts.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < cut.length) parts.push({ text: cut.slice(last), match: false });
  return parts;
}
