import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import de from '../i18n/de.json';
import { deliveryErrorText, deliveryLabel, isWindowFailure } from './delivery';

/** Real translations, so the test reads what the agent reads. */
async function translator(lng: 'en' | 'de') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
  return i18n.t;
}

const failed = (code: string, message = 'Provider says no') => ({ code, message });

describe('delivery marks', () => {
  it('name each state in the reader’s language', async () => {
    const [tEn, tDe] = await Promise.all([translator('en'), translator('de')]);
    expect((['sending', 'sent', 'delivered', 'read', 'failed'] as const).map((s) => deliveryLabel(s, tEn))).toEqual([
      'Sending',
      'Sent',
      'Delivered',
      'Read',
      'Not delivered',
    ]);
    expect(deliveryLabel('read', tDe)).toBe('Gelesen');
    expect(deliveryLabel('delivered', tDe)).toBe('Zugestellt');
  });
});

describe('why a message was not delivered', () => {
  it('explains the 24-hour window, whether WhatsApp or our server refused', async () => {
    const t = await translator('en');
    for (const code of ['131047', 'REPLY_WINDOW_CLOSED']) expect(deliveryErrorText(failed(code), t)).toMatch(/more than 24 hours/i);
    expect(deliveryErrorText(failed('131047'), await translator('de'))).toMatch(/mehr als 24 Stunden/);
  });

  it('gives each known WhatsApp code its own explanation, never the provider’s English title', async () => {
    const t = await translator('de');
    const cases: [string, RegExp][] = [
      ['131026', /konnte sie nicht zustellen/],
      ['131049', /zurückgehalten/],
      ['131051', /Art von Nachricht/],
      ['131053', /hochgeladen/],
      ['132000', /Vorlage/],
      ['132001', /Vorlage/],
      ['132012', /Vorlage/],
      ['190', /Administrator.*erneuern/],
      ['10', /Berechtigung/],
      ['200', /Berechtigung/],
      ['131056', /Zu viele Nachrichten/],
      ['UNSUPPORTED_FILE', /Art von Datei/],
    ];
    for (const [code, text] of cases) {
      const shown = deliveryErrorText(failed(code), t);
      expect(shown, code).toMatch(text);
      expect(shown).not.toContain('Provider says no');
    }
  });

  it('shows the provider’s own message for a code it does not know, and a general line without one', async () => {
    const t = await translator('de');
    expect(deliveryErrorText(failed('131000', 'Something went wrong'), t)).toBe('Something went wrong');
    expect(deliveryErrorText(failed('131000', ''), t)).toBe('Die Nachricht konnte nicht zugestellt werden.');
    expect(deliveryErrorText(null, t)).toBe('Die Nachricht konnte nicht zugestellt werden.');
  });
});

describe('a failure of the reply window', () => {
  it('is told apart from other failures, so Retry is not offered while the window stays closed', () => {
    expect(isWindowFailure(failed('131047'))).toBe(true);
    expect(isWindowFailure(failed('REPLY_WINDOW_CLOSED'))).toBe(true);
    expect(isWindowFailure(failed('131026'))).toBe(false);
    expect(isWindowFailure(null)).toBe(false);
  });
});
