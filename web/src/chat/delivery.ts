import type { Delivery, DeliveryState } from '@switchboard/protocol';
import type { TFunction } from 'i18next';

/** What a delivery mark says to a screen reader and in its tooltip: "Delivered", "Read 14:02"… */
export function deliveryLabel(state: DeliveryState, t: TFunction): string {
  return t(`delivery.state.${state}`);
}

/**
 * Provider and server codes we can explain in the reader's language; the groups share one text.
 * Anything else is shown as the provider's own (English) message.
 */
const KNOWN: Record<string, string> = {
  REPLY_WINDOW_CLOSED: 'windowClosed',
  '131047': 'windowClosed',
  '131026': 'undeliverable',
  '131049': 'engagement',
  '131051': 'unsupportedType',
  '131053': 'mediaUpload',
  '132000': 'template',
  '132001': 'template',
  '132012': 'template',
  '190': 'tokenExpired',
  '10': 'permission',
  '200': 'permission',
  '131056': 'pairRateLimit',
  UNSUPPORTED_FILE: 'unsupportedFile',
};

/** Why a message did not reach the customer, in the reader's language where the code is known. */
export function deliveryErrorText(error: Delivery['error'], t: TFunction): string {
  const key = error ? KNOWN[error.code] : undefined;
  if (key) return t(`delivery.errors.${key}`);
  return error?.message || t('delivery.errors.unknown');
}

/** Refused because the messaging app's reply window had closed (ours or WhatsApp's code). */
export function isWindowFailure(error: Delivery['error']): boolean {
  return error !== null && KNOWN[error.code] === 'windowClosed';
}
