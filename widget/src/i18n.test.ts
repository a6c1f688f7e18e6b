import { describe, expect, it } from 'vitest';
import { stringsFor } from './i18n.js';

const none = { greeting: '', offline: '', prechat: '' };
const texts = { en: { greeting: 'Hello from ACME!', offline: '', prechat: 'Tell us your name' }, de: { ...none, greeting: 'Hallo von ACME!' } };

describe("the widget's texts", () => {
  it("greets a German widget's visitor with the German greeting, not the English one", () => {
    expect(stringsFor({ language: 'de', texts }).greeting).toBe('Hallo von ACME!');
    expect(stringsFor({ language: 'en', texts }).greeting).toBe('Hello from ACME!');
  });

  it('shows the built-in text of its language where the admin wrote none', () => {
    const de = stringsFor({ language: 'de', texts });
    expect(de.prechatIntro).toBe('Bevor es losgeht: Bitte sagen Sie uns, wer Sie sind.');
    expect(de.offlineIntro).toContain('Gerade ist niemand erreichbar');
    expect(stringsFor({ language: 'en', texts }).prechatIntro).toBe('Tell us your name');
    expect(stringsFor({ language: 'de', texts: { en: none, de: none } }).greeting).toBe('Hallo! Wie können wir Ihnen helfen?');
  });
});
