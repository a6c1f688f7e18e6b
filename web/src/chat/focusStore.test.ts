import { describe, expect, it } from 'vitest';
import { queryWords, snippetParts } from './focusStore';

describe('search result snippet', () => {
  it('marks each word where a word starts with it, in any case, umlauts included', () => {
    expect(snippetParts('Grüße an Frau Müller', ['müll'])).toEqual([
      { text: 'Grüße an Frau ', match: false },
      { text: 'Müll', match: true },
      { text: 'er', match: false },
    ]);
    expect(
      snippetParts('dies ist schön', ['ist'])
        .filter((p) => p.match)
        .map((p) => p.text),
    ).toEqual(['ist']);
    expect(snippetParts('Liste', ['ist']).some((p) => p.match)).toBe(false);
  });

  it('cuts a long text before the first match so it shows in a one-line preview', () => {
    const body = `${'lorem ipsum '.repeat(20)}the invoice is ready`;
    const parts = snippetParts(body, ['invoice']);
    expect(parts[0]!.text.startsWith('…')).toBe(true);
    expect(parts[0]!.text.length).toBeLessThan(40);
    expect(parts[1]).toEqual({ text: 'invoice', match: true });
  });

  it('takes the words of a search as the server does: punctuation is no part of them', () => {
    expect(queryWords('(net) "Straße"*')).toEqual(['net', 'Straße']);
    expect(snippetParts('price (net)', queryWords('(net'))).toEqual([
      { text: 'price (', match: false },
      { text: 'net', match: true },
      { text: ')', match: false },
    ]);
    expect(snippetParts('a.b', ['a.b'])).toEqual([{ text: 'a.b', match: true }]);
    expect(snippetParts('axb', ['a.b'])).toEqual([{ text: 'axb', match: false }]);
  });
});
