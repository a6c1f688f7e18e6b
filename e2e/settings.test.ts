import type { ChatSettings, Conversation } from '@switchboard/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

/** A short, real WAV file: 0.3 s of a 660 Hz tone. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * 0.3);
  const wav = Buffer.alloc(44 + samples);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) wav[44 + i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 660 * i) / rate));
  return wav;
}

describe.runIf(browserAvailable)('Settings > Chat, in English and German', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    browser = await launchBrowser();
    page = (await newAgentPage(browser, server.url)).page;
    await signIn(page, anna.email, PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const settingsOf = async () => (await server.app.inject({ method: 'GET', url: '/api/me/settings/chat', headers: anna.auth })).json() as ChatSettings;

  it('opens Settings from the navigation, with the language and the chat settings', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-general').waitFor();
    expect(await page.getByTestId('settings-language').inputValue()).toBe('en');
    await screenshot(page, 'settings-general-en');
    await page.getByTestId('settings-tab-chat').click();
    await page.getByTestId('settings-chat').waitFor();
    expect(await page.getByTestId('setting-toaster').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('sound-chime').isChecked()).toBe(true);
    await screenshot(page, 'settings-chat-en');
  });

  it('shows a chat toaster for a new message elsewhere; clicking it opens the conversation', async () => {
    const conversation = (
      await server.app.inject({ method: 'POST', url: '/api/conversations', headers: ben.auth, payload: { kind: 'direct', userId: anna.id } })
    ).json() as Conversation;
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: ben.auth,
      payload: { clientId: 'settings-e2e-0001', body: 'Do you have a minute?' },
    });
    const toast = page.getByTestId('chat-toast');
    await expect.poll(() => toast.count()).toBe(1);
    expect(await toast.textContent()).toContain('Ben Berger');
    expect(await toast.textContent()).toContain('Do you have a minute?');
    await page.waitForTimeout(300); // the card slides in
    await screenshot(page, 'chat-toaster');
    await toast.getByTitle('Open the chat').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/chat/${conversation.id}`);
    await expect.poll(() => page.getByTestId('message').last().textContent()).toContain('Do you have a minute?');
    await expect.poll(() => toast.count()).toBe(0);
  });

  it('switches the interface to German in Settings and changes chat settings in German', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-general').click();
    await page.getByTestId('settings-language').selectOption('de');
    await expect.poll(() => page.getByTestId('nav-settings').textContent()).toBe('Einstellungen');
    await expect.poll(() => page.getByTestId('settings-tab-general').textContent()).toBe('Allgemein');
    await screenshot(page, 'settings-general-de');

    await page.getByTestId('settings-tab-chat').click();
    expect(await page.getByTestId('settings-chat').textContent()).toContain('Chat-Toaster anzeigen');
    await page.getByTestId('setting-toaster').click();
    await expect.poll(() => page.getByTestId('setting-toaster').getAttribute('aria-checked')).toBe('false');
    await page.getByTestId('sound-bell').check();
    await page.getByTestId('sound-file').setInputFiles({ name: 'mein-ton.wav', mimeType: 'audio/wav', buffer: toneWav() });
    await expect.poll(() => page.getByTestId('sound-custom').isChecked()).toBe(true);
    expect(await page.getByTestId('settings-chat').textContent()).toContain('mein-ton.wav');
    await expect.poll(settingsOf).toMatchObject({ toaster: false, sound: 'custom', customSound: { name: 'mein-ton.wav', type: 'audio/wav' } });
    await page.getByTestId('sound-bell').check();
    await expect.poll(async () => (await settingsOf()).sound).toBe('bell');
    await screenshot(page, 'settings-chat-de');
  });

  it('refuses a file that is not audio, in German', async () => {
    await page
      .getByTestId('sound-file')
      .setInputFiles({ name: 'bild.mp3', mimeType: 'audio/mpeg', buffer: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(300)]) });
    // In German, next to the upload button, without the server's field name ("file: …").
    const refusal = page.locator('.settings-upload').getByTestId('sound-error');
    await expect
      .poll(() => refusal.textContent())
      .toBe('Diese Datei ist kein Ton, den Switchboard abspielen kann. Wählen Sie eine MP3-, OGG-, WAV-, M4A-, AAC- oder WebM-Datei.');
    for (const [name, width, height] of [
      ['settings-sound-refused-de', 1366, 850],
      ['settings-sound-refused-de-phone', 390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await refusal.scrollIntoViewIfNeeded();
      await screenshot(page, name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect((await settingsOf()).customSound?.name).toBe('mein-ton.wav');
  });

  it('keeps the settings on another browser, which starts in its own language', async () => {
    const other = (await newAgentPage(browser, server.url, 'de-DE')).page;
    await signIn(other, anna.email, PASSWORD);
    expect(await other.getByTestId('nav-settings').textContent()).toBe('Einstellungen');
    await other.goto('/#/settings/chat');
    await other.reload();
    await other.getByTestId('settings-chat').waitFor();
    await expect.poll(() => other.getByTestId('setting-toaster').getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => other.getByTestId('sound-bell').isChecked()).toBe(true);
    expect(await other.getByTestId('settings-chat').textContent()).toContain('mein-ton.wav');
    const served = await other.evaluate(async () => {
      const res = await fetch('/api/me/settings/chat/sound');
      return { status: res.status, type: res.headers.get('content-type'), nosniff: res.headers.get('x-content-type-options') };
    });
    expect(served).toEqual({ status: 200, type: 'audio/wav', nosniff: 'nosniff' });
  });
});
