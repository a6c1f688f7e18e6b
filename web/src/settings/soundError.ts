import type { TFunction } from 'i18next';
import { CUSTOM_SOUND_MAX_BYTES, CUSTOM_SOUND_MAX_SECONDS } from '@switchboard/protocol';
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
    // The upload's only other refusal once the client has refused empty files: a WAV too long to play.
    if (err.code === 'VALIDATION_FAILED') return t('settings.chat.tooLong', { seconds: CUSTOM_SOUND_MAX_SECONDS });
  }
  return errorText(err, t);
}
