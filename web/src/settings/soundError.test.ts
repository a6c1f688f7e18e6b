import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { soundErrorText } from './soundError';

/** A stand-in for i18next that shows which text was chosen and with what. */
const t = ((key: string, options?: Record<string, unknown>) => (options ? `${key}:${Object.values(options).join()}` : key)) as unknown as TFunction;

describe('why a notification sound was refused', () => {
  it('says in the user’s language that a file is no sound, never the server’s "file: …" message', () => {
    const err = new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'file: choose an MP3, OGG, WAV, M4A, AAC or WebM audio file');
    expect(soundErrorText(err, t)).toBe('settings.chat.notAudio');
    const damaged = new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'file: the WAV file is damaged (its header cannot be read)');
    expect(soundErrorText(damaged, t)).toBe('settings.chat.notAudio');
  });

  it('names the limit for a file too large or a WAV too long', () => {
    expect(soundErrorText(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'file: the sound is larger than 500 KB'), t)).toBe('settings.chat.tooLarge:500');
    expect(soundErrorText(new ApiError(400, 'VALIDATION_FAILED', 'file: the sound is longer than 10 seconds'), t)).toBe('settings.chat.tooLong:10');
  });
});
