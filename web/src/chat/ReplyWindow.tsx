import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';
import { replyWindowState } from './replyWindowState';

const MINUTE = 60_000;

/** The time now, updated on each minute (and at `until`, when given, so a closing window closes on time). */
export function useMinuteClock(until: number | null): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const toNextMinute = MINUTE - (now % MINUTE);
    const untilEnd = until !== null && until > now ? until - now : Number.POSITIVE_INFINITY;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(toNextMinute, untilEnd) + 50);
    return () => clearTimeout(timer);
  }, [now, until]);
  return now;
}

/** The quiet line above the composer: how long free text is still possible; amber in the last hour. */
export function ReplyWindowLine({ closesAt, now }: { closesAt: number; now: number }) {
  const { t } = useTranslation();
  const window = replyWindowState(closesAt, now, t);
  if (!window.open) return null;
  return (
    <p
      className={`reply-window${window.closingSoon ? ' reply-window--soon' : ''}`}
      title={t('replyWindow.hint')}
      data-testid="reply-window"
      data-closing-soon={window.closingSoon}
    >
      {t('replyWindow.open', { time: window.remaining })}
    </p>
  );
}

/** In place of the composer once the window closed: why, and the one thing that still reaches the customer. */
export function ReplyWindowClosed({ onTemplate }: { onTemplate: (() => void) | null }) {
  const { t } = useTranslation();
  return (
    <div className="composer composer--window-closed" data-testid="reply-window-closed">
      <p>{t('replyWindow.closed')}</p>
      {onTemplate && (
        <Button variant="primary" onClick={onTemplate} testId="send-template">
          {t('channelTemplates.send')}
        </Button>
      )}
    </div>
  );
}
