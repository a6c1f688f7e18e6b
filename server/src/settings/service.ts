import {
  CUSTOM_SOUND_MAX_BYTES,
  CUSTOM_SOUND_MAX_SECONDS,
  type ChatSettings,
  type ChatSettingsInput,
  type CustomSound,
  type ClickToCallProblem,
  clickToCallProblem,
  type OrgSettings,
  type OrgSettingsInput,
  stripControlAndBidi,
} from '@switchboard/protocol';
import { fileTypeFromBuffer } from 'file-type';
import type { Access, Actor } from '../access/access.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { AppError, errors } from '../http/errors.js';
import { settingsStorage, type SoundFile } from './storage.js';
import { transaction } from '../db/transaction.js';

/** What a user who never opened Settings > Chat gets: the in-app toaster with the first bundled sound. */
export const DEFAULT_CHAT_SETTINGS: ChatSettingsInput = { toaster: true, webNotifications: false, playSound: true, sound: 'chime' };

/** The detected file type (by its first bytes, never by its name or the browser's word) → the type we serve it as. */
const AUDIO_TYPES: Record<string, CustomSound['type']> = {
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  webm: 'audio/webm',
};

/**
 * Seconds of sound in a RIFF/WAVE file, read from its header: byte rate and data chunk size. Null when
 * unreadable. Every read is bounds-checked against the buffer: a header is the sender's word, and a
 * chunk size or a cut-off file must not send a read past the end (a RangeError, once a 500).
 */
export function wavSeconds(data: Buffer): number | null {
  if (data.length < 12 || data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') return null;
  let byteRate = 0;
  for (let offset = 12; offset + 8 <= data.length; ) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      // PCM format, channels, sample rate, byte rate…: the byte rate is bytes 8–11 of the chunk.
      if (size < 16 || body + 16 > data.length) return null;
      byteRate = data.readUInt32LE(body + 8);
    }
    if (id === 'data') return byteRate > 0 ? size / byteRate : null;
    offset = body + size + (size % 2);
  }
  return null;
}

const CLICK_TO_CALL_REFUSALS: Record<ClickToCallProblem, string> = {
  placeholder: 'put {number} where the phone number goes, e.g. sip:{number}@pbx.example.com',
  scheme: 'use a tel:, sip:, sips:, callto:, http: or https: address',
  host: 'a web address needs a host, e.g. https://pbx.example.com/dial?n={number}',
  characters: 'remove the spaces and control characters',
};

/** Settings: the organisation's (read by every client) and each user's own Settings > Chat. */
export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly defaultCountry: string,
    private readonly access: Access,
  ) {}

  /** Read by every signed-in client at start (no permission beyond being signed in: the route requires that). */
  async org(): Promise<OrgSettings> {
    const clickToCallTemplate = (await settingsStorage.orgValue(this.db, 'click_to_call_template')) ?? '';
    return { defaultCountry: this.defaultCountry, clickToCallTemplate };
  }

  /** Admin › Calls. A template that would make a broken or unexpected link is refused, with the reason. */
  async updateOrg(actor: Actor, input: OrgSettingsInput): Promise<OrgSettings> {
    await this.access.require(actor, 'settings.manage');
    const template = input.clickToCallTemplate.trim();
    const problem = clickToCallProblem(template);
    if (problem) throw errors.validation(`clickToCallTemplate: ${CLICK_TO_CALL_REFUSALS[problem]}`);
    await settingsStorage.saveOrgValue(this.db, 'click_to_call_template', template, this.clock.now());
    return this.org();
  }

  async chat(actor: Actor): Promise<ChatSettings> {
    const [stored, customSound] = await Promise.all([settingsStorage.chat(this.db, actor.id), settingsStorage.customSound(this.db, actor.id)]);
    const settings = stored ?? DEFAULT_CHAT_SETTINGS;
    // A custom sound removed elsewhere leaves no dangling choice behind.
    return { ...settings, sound: settings.sound === 'custom' && !customSound ? DEFAULT_CHAT_SETTINGS.sound : settings.sound, customSound };
  }

  async updateChat(actor: Actor, input: ChatSettingsInput): Promise<ChatSettings> {
    if (input.sound === 'custom' && !(await settingsStorage.customSound(this.db, actor.id))) {
      throw errors.validation('body.sound: upload a sound of your own first');
    }
    await settingsStorage.saveChat(this.db, actor.id, input, this.clock.now());
    return this.chat(actor);
  }

  /** Stores the user's own sound, checked by its content: an audio type, at most 500 KB (and 10 s for WAV), and selects it. */
  async uploadSound(actor: Actor, fileName: string, data: Buffer): Promise<ChatSettings> {
    if (data.length > CUSTOM_SOUND_MAX_BYTES) throw tooLarge();
    if (data.length === 0) throw errors.validation('file: the file is empty');
    const detected = await fileTypeFromBuffer(data);
    const type = detected ? AUDIO_TYPES[detected.ext] : undefined;
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file: choose an MP3, OGG, WAV, M4A, AAC or WebM audio file');
    const seconds = type === 'audio/wav' ? wavSeconds(data) : null;
    // A WAV whose header cannot be read has no length we can check: refused, not guessed.
    if (type === 'audio/wav' && seconds === null) throw errors.unsupportedMediaType('file: the WAV file is damaged (its header cannot be read)');
    if (seconds !== null && seconds > CUSTOM_SOUND_MAX_SECONDS) {
      throw errors.validation(`file: the sound is longer than ${CUSTOM_SOUND_MAX_SECONDS} seconds`);
    }
    const now = this.clock.now();
    // Control characters (NUL above all, which PostgreSQL cannot store) and bidi overrides go, like from every name.
    const name = stripControlAndBidi(fileName).replace(/[\\/]/g, '_').slice(0, 200) || 'sound';
    await transaction(this.db, async (trx) => {
      const current = (await settingsStorage.chat(trx, actor.id)) ?? DEFAULT_CHAT_SETTINGS;
      await settingsStorage.saveSound(trx, actor.id, { name, type, size: data.length }, data, now);
      await settingsStorage.saveChat(trx, actor.id, { ...current, sound: 'custom' }, now);
    });
    return this.chat(actor);
  }

  async removeSound(actor: Actor): Promise<ChatSettings> {
    await transaction(this.db, async (trx) => {
      await settingsStorage.removeSound(trx, actor.id);
      const current = await settingsStorage.chat(trx, actor.id);
      if (current?.sound === 'custom') {
        await settingsStorage.saveChat(trx, actor.id, { ...current, sound: DEFAULT_CHAT_SETTINGS.sound }, this.clock.now());
      }
    });
    return this.chat(actor);
  }

  async soundFile(actor: Actor): Promise<SoundFile> {
    const file = await settingsStorage.soundFile(this.db, actor.id);
    if (!file) throw errors.notFound('Sound');
    return file;
  }
}

export const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `file: the sound is larger than ${CUSTOM_SOUND_MAX_BYTES / 1024} KB`);
