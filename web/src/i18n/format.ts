import type { TFunction } from 'i18next';

const DAY = 24 * 60 * 60 * 1000;

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

export function formatTime(ts: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(ts);
}

export function formatDateTime(ts: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(ts);
}

/** A day heading in a conversation: Today, Yesterday, or the full date. */
export function formatDay(ts: number, locale: string, t: TFunction): string {
  const diff = startOfDay(Date.now()) - startOfDay(ts);
  if (diff === 0) return t('time.today');
  if (diff === DAY) return t('time.yesterday');
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ts);
}

/** A compact stamp for lists: the time today, the weekday this week, the date before that. */
export function formatShort(ts: number, locale: string, t: TFunction): string {
  const diff = startOfDay(Date.now()) - startOfDay(ts);
  if (diff === 0) return formatTime(ts, locale);
  if (diff === DAY) return t('time.yesterday');
  if (diff < 7 * DAY) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(ts);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: '2-digit' }).format(ts);
}
