import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { animationsDone, DESKTOP, newPageAt, PHONE } from './support/layout.js';
import { startServer } from './support/server.js';
import { grows, recordPeerConnections, rtpBytes } from './support/webrtc.js';

describe.runIf(browserAvailable)('a live chat voice call, started by the visitor from the widget', () => {
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;
  let anna: TestUser;
  let annaPage: Page;
  let visitorPage: Page;
  let widget: { id: number; key: string };
  let queueId: number;

  const allowCalls = (allow: boolean) =>
    server.app.inject({
      method: 'PUT',
      url: `/api/admin/widgets/${widget.id}`,
      headers: admin.auth,
      payload: { name: 'Website', target: { type: 'queue', queueId }, allowCalls: allow },
    });

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    queueId = (await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id] })).id;
    widget = await createWidget(server, admin, { type: 'queue', queueId });
    await server.app.inject({ method: 'PUT', url: `/api/queues/${queueId}/login`, headers: anna.auth, payload: { loggedIn: true } });
    browser = await launchBrowser();
    annaPage = (await newPageAt(browser, server.url, DESKTOP, 'en-US')).page;
    visitorPage = (await newPageAt(browser, server.url, PHONE, 'en-US')).page;
    await recordPeerConnections(annaPage);
    await recordPeerConnections(visitorPage);
    await signIn(annaPage, anna.email, PASSWORD);
    await annaPage.getByTestId('nav-chat').click();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('offers no call before Take or with the option off; after both, the visitor starts the call and it connects', async () => {
    await visitorPage.goto('/demo');
    await visitorPage.getByTestId('widget-bubble').click();
    if (await visitorPage.getByTestId('widget-name').count()) {
      await visitorPage.getByTestId('widget-name').fill('Jane Visitor');
      await visitorPage.getByTestId('widget-start').click();
    }
    await visitorPage.getByTestId('widget-composer').fill('Could you call me?');
    await visitorPage.getByTestId('widget-send').click();

    const chat = annaPage.getByTestId('recents-item').filter({ hasText: 'Jane Visitor' });
    await expect.poll(() => chat.count(), { timeout: 15_000 }).toBe(1);
    await chat.click();
    await annaPage.getByTestId('take-button').waitFor();
    expect(await annaPage.getByTestId('call-voice').count()).toBe(0);
    await annaPage.getByTestId('take-button').click();
    await annaPage.getByTestId('take-button').waitFor({ state: 'detached' });
    expect(await annaPage.getByTestId('call-voice').count()).toBe(0);

    expect((await allowCalls(true)).statusCode).toBe(200);
    await annaPage.reload();
    await annaPage.getByTestId('call-voice').click();

    await visitorPage.getByTestId('widget-call-request').waitFor();
    await animationsDone(visitorPage);
    expect(await visitorPage.getByTestId('widget-call-request').textContent()).toContain('Anna Agent');
    await screenshot(visitorPage, 'call-widget-request-phone-en-US');
    await visitorPage.getByTestId('call-accept').click();

    await expect.poll(async () => (await rtpBytes(annaPage))?.state, { timeout: 20_000 }).toBe('connected');
    await expect.poll(async () => (await rtpBytes(visitorPage))?.state, { timeout: 20_000 }).toBe('connected');
    await grows(annaPage, (b) => b.inAudio);
    await grows(visitorPage, (b) => b.inAudio);
    await expect.poll(() => visitorPage.getByTestId('call-status').textContent()).toMatch(/\d:\d\d$/);
    await screenshot(visitorPage, 'call-widget-in-call-phone-en-US');
    await screenshot(annaPage, 'call-livechat-agent-desktop-en-US');

    // The visitor's socket drops mid-call: the widget reconnects as the same device and the call goes on.
    const visitors = () => server.services.hub.all().filter((c) => c.recipient.startsWith('c'));
    const dropped = visitors();
    for (const connection of dropped) connection.terminate();
    const reconnected = () => visitors().filter((c) => !dropped.includes(c));
    await expect.poll(() => reconnected().length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(reconnected().map((c) => c.device)).toEqual(dropped.map((c) => c.device));
    expect(await visitorPage.getByTestId('call-hangup').isVisible()).toBe(true);
    await grows(visitorPage, (b) => b.inAudio);

    await visitorPage.getByTestId('call-hangup').click();
    await annaPage.getByTestId('call-bar').waitFor({ state: 'detached' });
    await expect
      .poll(() => annaPage.locator('[data-testid="system-message"][data-kind="call"]').last().textContent())
      .toMatch(/Anna Agent called Jane Visitor \(voice\): answered, \d:\d\d/);
    await expect.poll(() => visitorPage.getByTestId('widget-panel').textContent()).toMatch(/Voice call with Anna Agent: \d:\d\d/);
  });

  for (const [viewport, size, locale] of [
    [DESKTOP, 'desktop', 'en-US'],
    [DESKTOP, 'desktop', 'de-DE'],
    [PHONE, 'phone', 'de-DE'],
  ] as const) {
    it(`shows the call request and the call in the widget (${size}, ${locale})`, async () => {
      const { page: visitor } = await newPageAt(browser, server.url, viewport, locale);
      await visitor.goto('/demo');
      await visitor.getByTestId('widget-bubble').click();
      if (await visitor.getByTestId('widget-name').count()) {
        await visitor.getByTestId('widget-name').fill(`Visitor ${size} ${locale}`);
        await visitor.getByTestId('widget-start').click();
      }
      await visitor.getByTestId('widget-composer').fill('Hello');
      await visitor.getByTestId('widget-send').click();
      const chat = annaPage.getByTestId('recents-item').filter({ hasText: `Visitor ${size} ${locale}` });
      await expect.poll(() => chat.count(), { timeout: 15_000 }).toBe(1);
      await chat.click();
      await annaPage.getByTestId('take-button').click();
      await annaPage.getByTestId('call-video').click();
      await visitor.getByTestId('widget-call-request').waitFor();
      await animationsDone(visitor);
      await screenshot(visitor, `call-widget-request-${size}-${locale}`);
      await visitor.getByTestId('call-accept').click();
      await expect.poll(() => visitor.getByTestId('call-status').textContent(), { timeout: 20_000 }).toMatch(/\d:\d\d$/);
      await expect
        .poll(
          () =>
            visitor
              .locator('video')
              .first()
              .evaluate((v: HTMLVideoElement) => v.videoWidth),
          { timeout: 15_000 },
        )
        .toBeGreaterThan(0);
      await screenshot(visitor, `call-widget-in-call-${size}-${locale}`);
      await annaPage.getByTestId('call-hangup').click();
      await visitor.getByTestId('widget-call').waitFor({ state: 'detached' });
      await visitor.context().close();
    });
  }

  it('tells the admin that calls connect only directly while no TURN server is configured', async () => {
    expect((await allowCalls(true)).statusCode).toBe(200);
    const { page } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await signIn(page, admin.email, PASSWORD);
    await page.goto('/#/admin/channels');
    await page.locator('[data-testid="admin-channel-item"][data-channel-type="livechat"]').first().click();
    expect(await page.getByTestId('widget-allow-calls').isChecked()).toBe(true);
    await page.getByTestId('widget-calls-direct-only').waitFor();
    expect(await page.getByTestId('widget-calls-direct-only').textContent()).toContain('No TURN server is configured');
    await page.getByTestId('widget-calls-direct-only').scrollIntoViewIfNeeded();
    await screenshot(page, 'call-admin-no-turn-desktop-en-US');
    await page.context().close();
  });
});
