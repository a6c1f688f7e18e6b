import type { TFunction } from 'i18next';
import { ApiError } from '../lib/api';

/**
 * The error in the user's language: a translation of its code when we have one (filled with the
 * server's params), else the server's own message, else a general explanation.
 */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('errors.network');
    const translated = t(`errors.codes.${err.code}`, { ...err.params, defaultValue: '' });
    if (translated && !translated.includes('{{')) return translated;
    if (err.message) return err.message;
  }
  return t('errors.unknown');
}
