import type { TFunction } from 'i18next';
import { CUSTOM_SOUND_MAX_BYTES } from '@switchboard/protocol';
import { ApiError } from '../lib/api';
import { errorText } from '../app/errorText';

/**
 * Why an uploaded sound was refused, in the user's words. The server's own messages name the form
 * field ("file: …") and are English: the refusals an agent can meet get a sentence of their own.
 */
export function soundErrorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === 'UNSUPPORTED_MEDIA_TYPE') return t('settings.chat.notAudio');
    if (err.code === 'PAYLOAD_TOO_LARGE') return t('settings.chat.tooLarge', { kb: CUSTOM_SOUND_MAX_BYTES / 1024 });
  }
  return errorText(err, t);
}
