import { describe, expect, it } from 'vitest';
import { initialLanguage, languageOptions, noTemplatesKey } from './templateFilter';

const templates = [{ language: 'en' as const }, { language: 'en' as const }, { language: 'de' as const }];

describe('the templates panel language filter', () => {
  it('shows every language while the customer language is unknown, whatever the UI language', () => {
    expect(initialLanguage(null)).toBe('');
    expect(initialLanguage('')).toBe('');
    expect(initialLanguage('de')).toBe('de');
  });

  it('says how many templates each language has, named in the reader’s language', () => {
    expect(languageOptions(templates, '', 'en')).toEqual([
      { code: 'en', label: 'English (2)' },
      { code: 'de', label: 'German (1)' },
    ]);
    expect(languageOptions(templates, '', 'de').map((o) => o.label)).toEqual(['Deutsch (1)', 'Englisch (2)']);
  });

  it('keeps the customer language on offer with its zero', () => {
    expect(languageOptions(templates, 'fr', 'en').map((o) => o.label)).toEqual(['English (2)', 'French (0)', 'German (1)']);
  });
});

describe('the empty templates panel', () => {
  it('sends agents to their group manager and managers to Admin', () => {
    expect(noTemplatesKey(false)).toBe('templates.noneAgent');
    expect(noTemplatesKey(true)).toBe('templates.noneManager');
  });
});
