import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import de from '../i18n/de.json';
import { refusedForWindow, replyWindowState } from './replyWindowState';

async function translator(lng: 'en' | 'de') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
  return i18n.t;
}

const MIN = 60_000;
const NOW = 1_800_000_000_000;

describe('the reply window countdown', () => {
  it('counts hours and minutes down, rounding down so it never promises too much', async () => {
    const t = await translator('en');
    expect(replyWindowState(NOW + (5 * 60 + 12) * MIN + 59_000, NOW, t)).toEqual({ open: true, closingSoon: false, remaining: '5 h 12 min' });
    expect(replyWindowState(NOW + 24 * 60 * MIN, NOW, t).remaining).toBe('24 h 0 min');
    expect(t('replyWindow.open', { time: replyWindowState(NOW + 90 * MIN, NOW, t).remaining })).toBe('Reply window open for 1 h 30 min');
  });

  it('turns amber in the last hour and says "less than a minute" at the very end', async () => {
    const t = await translator('en');
    expect(replyWindowState(NOW + 60 * MIN + 1, NOW, t).closingSoon).toBe(false);
    expect(replyWindowState(NOW + 60 * MIN, NOW, t)).toEqual({ open: true, closingSoon: true, remaining: '1 h 0 min' });
    expect(replyWindowState(NOW + 12 * MIN, NOW, t).remaining).toBe('12 min');
    expect(replyWindowState(NOW + 30_000, NOW, t).remaining).toBe('less than a minute');
  });

  it('is closed from the moment it closes', async () => {
    const t = await translator('en');
    expect(replyWindowState(NOW, NOW, t)).toEqual({ open: false, closingSoon: false, remaining: '' });
    expect(replyWindowState(NOW - MIN, NOW, t).open).toBe(false);
  });

  it('speaks German to a German reader', async () => {
    const t = await translator('de');
    expect(t('replyWindow.open', { time: replyWindowState(NOW + (5 * 60 + 12) * MIN, NOW, t).remaining })).toBe('Antwortfenster noch 5 Std. 12 Min. offen');
  });
});

describe('a send refused for the closed window', () => {
  const DAY = 24 * 60 * MIN;
  it('keeps the composer closed until the customer writes again', () => {
    const refused = [{ errorCode: 'REPLY_WINDOW_CLOSED', createdAt: NOW }];
    // The customer last wrote a day and an hour before the refusal.
    expect(refusedForWindow(refused, NOW - 60 * MIN, DAY)).toBe(true);
    // They wrote again after it: a new window is open.
    expect(refusedForWindow(refused, NOW + 5 * MIN + DAY, DAY)).toBe(false);
    expect(refusedForWindow([{ errorCode: 'NETWORK', createdAt: NOW }], NOW - 60 * MIN, DAY)).toBe(false);
  });
});
