import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, Message } from '@switchboard/protocol';
import { errorText } from '../app/errorText';
import { formatDateTime } from '../i18n/format';
import { showToast } from '../lib/toast';
import { Button } from '../ui/Button';
import { retryDelivery } from './channelActions';
import { deliveryErrorText, deliveryLabel } from './delivery';

function Glyph({ state }: { state: Delivery['state'] }) {
  switch (state) {
    case 'sending':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.5V8l2.2 1.6" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      );
    case 'sent':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="m3 8.5 3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case 'delivered':
    case 'read':
      return (
        <svg viewBox="0 0 20 16" width="17" height="14" aria-hidden="true">
          <path d="m1.5 8.5 3 3 7-7M8.5 11.5l7-7" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
          <path d="m7.2 10.2 1.3 1.3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      );
    case 'failed':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M8 4.3v4.6" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="11.6" r="1.1" fill="#fff" />
        </svg>
      );
  }
}

/** The small mark after my message's time: sending clock, ✓ sent, ✓✓ delivered, ✓✓ read (coloured), red failed. */
export function DeliveryMark({ delivery }: { delivery: Delivery }) {
  const { t, i18n } = useTranslation();
  const label = deliveryLabel(delivery.state, t);
  return (
    <span
      className={`delivery-mark delivery-mark--${delivery.state}`}
      role="img"
      aria-label={label}
      title={`${label} · ${formatDateTime(delivery.at, i18n.language)}`}
      data-testid="delivery-mark"
      data-state={delivery.state}
    >
      <Glyph state={delivery.state} />
    </span>
  );
}

/** Under a message the messaging app did not deliver: why, in the reader's language, and Retry for its author. */
export function DeliveryFailure({ message, canRetry }: { message: Message; canRetry: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const retry = () => {
    setBusy(true);
    retryDelivery(message)
      .catch((err: unknown) => showToast(errorText(err, t), 'error'))
      .finally(() => setBusy(false));
  };
  return (
    <div className="message__note message__note--error delivery-failure" role="alert" data-testid="delivery-failure">
      <span>{t('delivery.failed', { reason: deliveryErrorText(message.delivery?.error ?? null, t) })}</span>
      {canRetry && (
        <Button variant="link" onClick={retry} disabled={busy} testId="delivery-retry">
          {t('delivery.retry')}
        </Button>
      )}
    </div>
  );
}
