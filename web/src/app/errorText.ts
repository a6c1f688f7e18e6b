import type { TFunction } from 'i18next';
import { ApiError } from '../lib/api';

/** The server's message when it sent one, otherwise a translated explanation. */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('errors.network');
    if (err.message) return err.message;
  }
  return t('errors.unknown');
}
