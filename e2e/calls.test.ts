import type { Conversation } from '@switchboard/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { animationsDone, DESKTOP, newPageAt, PHONE, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';
import { grows, recordPeerConnections, rtpBytes, standsStill } from './support/webrtc.js';

describe.runIf(browserAvailable)('a video call between colleagues', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let chat: Conversation;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    // Colleagues in one group see each other's presence (in the chat header too).
    const members = [anna, ben].map((u) => ({ userId: u.id, isManager: false }));
    await server.app.inject({ method: 'POST', url: '/api/admin/groups', headers: admin.auth, payload: { name: 'Sales', members } });
    const response = await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    chat = response.json();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(user: TestUser, viewport: Viewport = DESKTOP, locale = 'en-US'): Promise<Page> {
    const { page } = await newPageAt(browser, server.url, viewport, locale);
    await recordPeerConnections(page);
    await signIn(page, user.email, PASSWORD);
    return page;
  }

  const connected = async (page: Page) => (await rtpBytes(page))?.state;

  it('connects with media both ways, mutes, survives switching chats, and hang-up ends it on both with a transcript line', async () => {
    const annaPage = await signedIn(anna);
    const benPage = await signedIn(ben);
    await annaPage.goto(`/#/chat/${chat.id}`);
    await annaPage.getByTestId('call-video').click();

    await benPage.getByTestId('incoming-call').waitFor();
    expect(await benPage.getByTestId('incoming-call').textContent()).toContain('Anna Agent');
    await benPage.getByTestId('call-accept').click();

    await expect.poll(() => connected(annaPage), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => connected(benPage), { timeout: 20_000 }).toBe('connected');
    for (const page of [annaPage, benPage]) {
      await grows(page, (b) => b.inAudio);
      await grows(page, (b) => b.inVideo);
    }
    await expect.poll(() => annaPage.getByTestId('call-status').textContent()).toMatch(/\d:\d\d$/);

    // The call stays while Anna moves to another view and back.
    await annaPage.getByTestId('nav-team').click();
    expect(await annaPage.getByTestId('call-bar').isVisible()).toBe(true);
    await annaPage.getByTestId('nav-chat').click();

    await grows(annaPage, (b) => b.outAudio);
    await annaPage.getByTestId('call-mute').click();
    expect(await annaPage.getByTestId('call-mute').getAttribute('aria-pressed')).toBe('true');
    expect(await standsStill(annaPage, (b) => b.outAudio)).toBe(true);
    // Video still flows while muted; only the microphone stopped.
    await grows(annaPage, (b) => b.outVideo);
    await annaPage.getByTestId('call-mute').click();
    await grows(annaPage, (b) => b.outAudio);

    await annaPage.getByTestId('call-camera').click();
    expect(await standsStill(annaPage, (b) => b.outVideo)).toBe(true);

    await benPage.getByTestId('call-hangup').click();
    await annaPage.getByTestId('call-bar').waitFor({ state: 'detached' });
    await benPage.getByTestId('call-bar').waitFor({ state: 'detached' });
    for (const page of [annaPage, benPage]) {
      await page.goto(`/#/chat/${chat.id}`);
      await expect
        .poll(() => page.locator('[data-testid="system-message"][data-kind="call"]').last().textContent())
        .toMatch(/Anna Agent called Ben Berger \(video\): answered, \d:\d\d/);
    }
    await annaPage.context().close();
    await benPage.context().close();
  });

  it('keeps a connected call through a dropped socket: the page reconnects as the same device and the media go on', async () => {
    const annaPage = await signedIn(anna);
    const benPage = await signedIn(ben);
    await annaPage.goto(`/#/chat/${chat.id}`);
    await annaPage.getByTestId('call-voice').click();
    await benPage.getByTestId('call-accept').click();
    await expect.poll(() => connected(benPage), { timeout: 20_000 }).toBe('connected');

    // The server loses Ben's socket (a network blip); his page reconnects with backoff.
    const bens = () => server.services.hub.all().filter((c) => c.recipient === `u${ben.id}`);
    const dropped = bens();
    for (const connection of dropped) connection.terminate();
    const reconnected = () => bens().filter((c) => !dropped.includes(c));
    await expect.poll(() => reconnected().length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(reconnected().map((c) => c.device)).toEqual(dropped.map((c) => c.device));
    const row = () => server.storage.db.selectFrom('calls').select(['state', 'callee_away_since']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await expect.poll(row).toEqual({ state: 'connected', callee_away_since: null });
    for (const page of [annaPage, benPage]) {
      expect(await page.getByTestId('call-bar').isVisible()).toBe(true);
      await grows(page, (b) => b.inAudio);
    }

    await annaPage.getByTestId('call-hangup').click();
    await benPage.getByTestId('call-bar').waitFor({ state: 'detached' });
    await benPage.goto(`/#/chat/${chat.id}`);
    await expect
      .poll(() => benPage.locator('[data-testid="system-message"][data-kind="call"]').last().textContent())
      .toMatch(/Anna Agent called Ben Berger \(voice\): answered, \d:\d\d/);
    for (const page of [annaPage, benPage]) await page.context().close();
  });

  it('rings with the callee’s notification sound until answered, and silently with sounds off in Settings › Chat', async () => {
    /** Every sound the page starts playing, by URL (whether or not the browser lets it be heard). */
    const recordSounds = (page: Page) =>
      page.addInitScript(() => {
        const played: string[] = [];
        (window as unknown as { __played: string[] }).__played = played;
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
          played.push(new URL(this.src).pathname);
          return play.call(this);
        };
      });
    const played = (page: Page) => page.evaluate(() => (window as unknown as { __played: string[] }).__played.filter((p) => p.startsWith('/sounds/')));
    await server.app.inject({
      method: 'PUT',
      url: '/api/me/settings/chat',
      headers: ben.auth,
      payload: { toaster: true, webNotifications: false, playSound: true, sound: 'marimba' },
    });
    const annaPage = await signedIn(anna);
    const { page: benPage } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await recordSounds(benPage);
    await signIn(benPage, ben.email, PASSWORD);
    await annaPage.goto(`/#/chat/${chat.id}`);

    await annaPage.getByTestId('call-voice').click();
    await benPage.getByTestId('incoming-call').waitFor();
    // Rings again and again while the dialog is up, with Ben's own sound.
    await expect.poll(() => played(benPage), { timeout: 8000 }).toEqual(['/sounds/marimba.ogg', '/sounds/marimba.ogg']);
    await benPage.getByTestId('call-accept').click();
    await benPage.getByTestId('call-bar').waitFor();
    const afterAnswer = (await played(benPage)).length;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await played(benPage)).toHaveLength(afterAnswer);
    await annaPage.getByTestId('call-hangup').click();
    await benPage.getByTestId('call-bar').waitFor({ state: 'detached' });

    // Sounds off: the dialog shows, nothing plays.
    await benPage.getByTestId('nav-settings').click();
    await benPage.getByTestId('settings-tab-chat').click();
    await benPage.getByTestId('setting-play-sound').click();
    await expect.poll(() => benPage.getByTestId('setting-play-sound').getAttribute('aria-checked')).toBe('false');
    const before = (await played(benPage)).length;
    await annaPage.getByTestId('call-voice').click();
    await benPage.getByTestId('incoming-call').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await played(benPage)).toHaveLength(before);
    await benPage.getByTestId('call-decline').click();
    for (const page of [annaPage, benPage]) await page.context().close();
  });

  it('stops ringing on the callee’s other device once one device accepts', async () => {
    const annaPage = await signedIn(anna);
    const benDesk = await signedIn(ben);
    const benPhone = await signedIn(ben, PHONE);
    await annaPage.goto(`/#/chat/${chat.id}`);
    await annaPage.getByTestId('call-voice').click();
    await benDesk.getByTestId('incoming-call').waitFor();
    await benPhone.getByTestId('incoming-call').waitFor();
    await benPhone.getByTestId('call-accept').click();
    await benDesk.getByTestId('incoming-call').waitFor({ state: 'detached' });
    await expect.poll(() => connected(benPhone), { timeout: 20_000 }).toBe('connected');
    await annaPage.getByTestId('call-hangup').click();
    await benPhone.getByTestId('call-bar').waitFor({ state: 'detached' });
    for (const page of [annaPage, benDesk, benPhone]) await page.context().close();
  });

  for (const [viewport, size] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    for (const locale of ['en-US', 'de-DE']) {
      it(`shows the incoming call and the call bar (${size}, ${locale})`, async () => {
        const annaPage = await signedIn(anna, viewport, locale);
        const benPage = await signedIn(ben, viewport, locale);
        await annaPage.goto(`/#/chat/${chat.id}`);
        await benPage.goto(`/#/chat/${chat.id}`);
        await annaPage.getByTestId('call-video').click();
        await benPage.getByTestId('incoming-call').waitFor();
        await animationsDone(benPage);
        await screenshot(benPage, `call-incoming-${size}-${locale}`);
        await benPage.getByTestId('call-accept').click();
        await expect.poll(() => annaPage.getByTestId('call-status').textContent(), { timeout: 20_000 }).toMatch(/\d:\d\d$/);
        await grows(benPage, (b) => b.inVideo);
        await grows(annaPage, (b) => b.inVideo);
        await screenshot(annaPage, `call-bar-${size}-${locale}`);
        await annaPage.getByTestId('call-hangup').click();
        await benPage.getByTestId('call-bar').waitFor({ state: 'detached' });
        await annaPage.context().close();
        await benPage.context().close();
      });
    }
  }
});
