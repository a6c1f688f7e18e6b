import type { ChatSettings } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';
import { wavSeconds } from './service.js';

/** A mono 8 kHz 8-bit WAV of the given length: a real RIFF header, silence for data. */
function wav(seconds: number): Buffer {
  const rate = 8000;
  const dataSize = Math.round(rate * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataSize, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataSize, 40);
  return Buffer.concat([header, Buffer.alloc(dataSize, 128)]);
}

/** A WAV whose fmt chunk declares this size (its real content is the usual 16 bytes). */
function riffWithFmtSize(size: number): Buffer {
  const data = wav(0.5);
  data.writeUInt32LE(size, 16);
  return data;
}

const oggVorbis = () => Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('\x01vorbis', 'latin1'), Buffer.alloc(400)]);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(400)]);

function multipart(fileName: string, contentType: string, data: Buffer) {
  const boundary = '----switchboardtest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(dialects)('chat settings on %s', (dialect) => {
  let h: Harness;
  let anna: TestUser;
  let ben: TestUser;
  beforeEach(async () => {
    h = await startHarness(dialect);
    anna = await h.user('Anna');
    ben = await h.user('Ben');
  });
  afterEach(() => h.close());

  const call = (user: TestUser, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) => h.app.inject({ method, url, headers: user.auth, payload });
  const upload = (user: TestUser, fileName: string, contentType: string, data: Buffer) => {
    const body = multipart(fileName, contentType, data);
    return h.app.inject({ method: 'POST', url: '/api/me/settings/chat/sound', headers: { ...user.auth, ...body.headers }, payload: body.payload });
  };
  const settingsOf = async (user: TestUser) => (await call(user, 'GET', '/api/me/settings/chat')).json() as ChatSettings;

  it('starts with the in-app toaster and the first sound, and keeps changes per user across sessions', async () => {
    expect(await settingsOf(anna)).toEqual({ toaster: true, webNotifications: false, playSound: true, sound: 'chime', customSound: null });
    const saved = await call(anna, 'PUT', '/api/me/settings/chat', { toaster: false, webNotifications: true, playSound: true, sound: 'marimba' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ toaster: false, webNotifications: true, playSound: true, sound: 'marimba', customSound: null });
    const elsewhere = await h.login(anna.email);
    expect((await settingsOf(elsewhere)).sound).toBe('marimba');
    expect((await settingsOf(ben)).sound).toBe('chime');
    await call(anna, 'PUT', '/api/me/settings/chat', { toaster: true, webNotifications: false, playSound: false, sound: 'pop' });
    expect(await settingsOf(elsewhere)).toMatchObject({ toaster: true, webNotifications: false, playSound: false, sound: 'pop' });
  });

  it('refuses an unknown sound, a custom sound before an upload, and strangers', async () => {
    const unknown = await call(anna, 'PUT', '/api/me/settings/chat', { toaster: true, webNotifications: false, playSound: true, sound: 'siren' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('body.sound');
    const custom = await call(anna, 'PUT', '/api/me/settings/chat', { toaster: true, webNotifications: false, playSound: true, sound: 'custom' });
    expect(custom.statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/api/me/settings/chat' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/settings/org' })).statusCode).toBe(401);
  });

  it('stores an uploaded audio file by its content, selects it and serves it to its owner only, with nosniff', async () => {
    const sound = wav(1.5);
    const uploaded = await upload(anna, 'ding.wav', 'audio/wav', sound);
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.json()).toMatchObject({ sound: 'custom', customSound: { name: 'ding.wav', type: 'audio/wav', size: sound.length } });

    const served = await call(anna, 'GET', '/api/me/settings/chat/sound');
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('audio/wav');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(sound)).toBe(true);
    expect((await call(ben, 'GET', '/api/me/settings/chat/sound')).statusCode).toBe(404);

    // Its name keeps no characters that would turn it around on screen.
    const renamed = await upload(anna, 'ding\u202e3pm.wav\u0007', 'audio/wav', sound);
    expect(renamed.json().customSound.name).toBe('ding3pm.wav');

    // Whatever the browser calls it, the bytes decide.
    const ogg = await upload(anna, 'tone.mp3', 'audio/mpeg', oggVorbis());
    expect(ogg.json().customSound).toMatchObject({ name: 'tone.mp3', type: 'audio/ogg' });

    const removed = await call(anna, 'DELETE', '/api/me/settings/chat/sound');
    expect(removed.json()).toMatchObject({ sound: 'chime', customSound: null });
    expect((await call(anna, 'GET', '/api/me/settings/chat/sound')).statusCode).toBe(404);
  });

  it('refuses what is not audio, too large or too long, and keeps the previous choice', async () => {
    await call(anna, 'PUT', '/api/me/settings/chat', { toaster: true, webNotifications: false, playSound: true, sound: 'bell' });
    const image = await upload(anna, 'sound.mp3', 'audio/mpeg', png());
    expect(image.statusCode).toBe(415);
    expect(image.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const text = await upload(anna, 'sound.wav', 'audio/wav', Buffer.from('<script>alert(1)</script>'.repeat(20)));
    expect(text.statusCode).toBe(415);
    const large = await upload(anna, 'big.wav', 'audio/wav', Buffer.concat([wav(1), Buffer.alloc(500 * 1024)]));
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const long = await upload(anna, 'long.wav', 'audio/wav', wav(30));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('longer than 10 seconds');
    // Cut-off and lying headers are refused as damaged, never a 500 (a RangeError once).
    for (const damaged of [wav(1).subarray(0, 28), wav(1).subarray(0, 40), riffWithFmtSize(0xfffffff0), riffWithFmtSize(8)]) {
      const response = await upload(anna, 'broken.wav', 'audio/wav', damaged);
      expect(response.statusCode, response.body).toBe(415);
      expect(response.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('damaged') });
    }
    const plain = await h.app.inject({ method: 'POST', url: '/api/me/settings/chat/sound', headers: anna.auth, payload: { file: 'x' } });
    expect(plain.statusCode).toBe(415);
    expect(await settingsOf(anna)).toMatchObject({ sound: 'bell', customSound: null });
  });

  it('stores a sound name without NUL or bidi overrides, not a 500', async () => {
    const response = await upload(anna, 'bell\u0000\u202e.wav', 'audio/wav', wav(1));
    expect(response.statusCode).toBe(200);
    expect((response.json() as ChatSettings).customSound?.name).toBe('bell.wav');
  });

  it('tells every client the organisation default country', async () => {
    expect((await call(anna, 'GET', '/api/settings/org')).json()).toEqual({ defaultCountry: 'DE', clickToCallTemplate: '' });
  });
});

describe('custom sound limits', () => {
  it('reads the length of a WAV from its header', () => {
    expect(wavSeconds(wav(2))).toBeCloseTo(2);
    expect(wavSeconds(Buffer.from('not a wav'))).toBeNull();
    for (let length = 12; length < 44; length++) expect(wavSeconds(wav(1).subarray(0, length))).toBeNull();
  });

  it('takes the default country from DEFAULT_COUNTRY', async () => {
    const h = await startHarness('sqlite', { env: { DEFAULT_COUNTRY: 'us' } });
    try {
      const user = await h.user('Uma');
      expect((await h.app.inject({ method: 'GET', url: '/api/settings/org', headers: user.auth })).json()).toEqual({
        defaultCountry: 'US',
        clickToCallTemplate: '',
      });
    } finally {
      await h.close();
    }
  });
});

describe.each(dialects)('organisation settings on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let agent: TestUser;

  beforeEach(async () => {
    h = await startHarness(dialect);
    admin = await h.user('Ada Admin', 'admin');
    agent = await h.user('Anna Agent');
  });
  afterEach(() => h.close());

  const put = (user: TestUser, payload: Record<string, unknown>) => h.app.inject({ method: 'PUT', url: '/api/settings/org', headers: user.auth, payload });
  const org = async (user: TestUser) => (await h.app.inject({ method: 'GET', url: '/api/settings/org', headers: user.auth })).json();

  it('starts without a click-to-call template (plain tel: links) and lets an admin set one that every colleague reads', async () => {
    expect(await org(agent)).toEqual({ defaultCountry: 'DE', clickToCallTemplate: '' });
    const saved = await put(admin, { clickToCallTemplate: '  sip:{number}@pbx.example.com ' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ clickToCallTemplate: 'sip:{number}@pbx.example.com' });
    expect(await org(agent)).toMatchObject({ clickToCallTemplate: 'sip:{number}@pbx.example.com' });

    expect((await put(admin, { clickToCallTemplate: 'https://pbx.example.com/dial?n={number}' })).statusCode).toBe(200);
    expect((await put(admin, { clickToCallTemplate: '' })).json()).toMatchObject({ clickToCallTemplate: '' });
  });

  it('refuses a colleague who is not an admin, and changes nothing', async () => {
    const refused = await put(agent, { clickToCallTemplate: 'sip:{number}@evil.example.com' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await org(agent)).toMatchObject({ clickToCallTemplate: '' });
  });

  it.each([
    ['sip:pbx.example.com', 'put {number} where the phone number goes'],
    ['javascript:alert("{number}")', 'use a tel:, sip:, sips:, callto:, http: or https: address'],
    ['data:text/html,{number}', 'use a tel:, sip:, sips:, callto:, http: or https: address'],
    ['pbx.example.com/dial?n={number}', 'use a tel:, sip:, sips:, callto:, http: or https: address'],
    ['https:///dial?n={number}', 'a web address needs a host'],
    ['sip:{number} @pbx.example.com', 'remove the spaces and control characters'],
    ['sip:{number}@pbx\u202e.example.com', 'remove the spaces and control characters'],
  ])('refuses %j with a clear message, keeping the previous template', async (template, reason) => {
    await put(admin, { clickToCallTemplate: 'tel:{number}' });
    const refused = await put(admin, { clickToCallTemplate: template });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    expect(refused.json().error.message).toContain(`clickToCallTemplate: ${reason}`);
    expect(await org(agent)).toMatchObject({ clickToCallTemplate: 'tel:{number}' });
  });

  it('refuses a body of the wrong shape', async () => {
    expect((await put(admin, { clickToCallTemplate: 42 })).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await put(admin, { clickToCallTemplate: `sip:{number}@${'a'.repeat(600)}` })).statusCode).toBe(400);
  });
});
