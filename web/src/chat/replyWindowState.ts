import type { TFunction } from 'i18next';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ReplyWindowState {
  open: boolean;
  /** In its last hour: shown in amber. */
  closingSoon: boolean;
  /** "5 h 12 min", "12 min", "less than a minute"; '' once closed. */
  remaining: string;
}

/** How long free-text replies are still possible, worded for the line above the composer. */
export function replyWindowState(closesAt: number, now: number, t: TFunction): ReplyWindowState {
  const left = closesAt - now;
  if (left <= 0) return { open: false, closingSoon: false, remaining: '' };
  const hours = Math.floor(left / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  const remaining =
    left < MINUTE ? t('replyWindow.lessThanMinute') : hours > 0 ? t('replyWindow.hoursMinutes', { hours, minutes }) : t('replyWindow.minutes', { minutes });
  return { open: true, closingSoon: left <= HOUR, remaining };
}

/**
 * Whether a send the server refused for the closed window (409 REPLY_WINDOW_CLOSED) still stands: not
 * once the customer wrote again after it, which opened a new window.
 */
export function refusedForWindow(refusals: readonly { errorCode?: string; createdAt: number }[], closesAt: number | null, windowMs: number | null): boolean {
  const lastInbound = closesAt !== null && windowMs !== null ? closesAt - windowMs : null;
  return refusals.some((p) => p.errorCode === 'REPLY_WINDOW_CLOSED' && (lastInbound === null || p.createdAt >= lastInbound));
}
