import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow } from './support/layout.js';
import { startServer } from './support/server.js';

/** "… is typing" both ways: between colleagues, and between an agent and a website visitor, in English and German. */
describe.runIf(browserAvailable)('typing indicators in the web client and the widget', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let queueId: number;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    queueId = (await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id] })).id;
    await createWidget(server, admin, { type: 'queue', queueId });
    await server.app.inject({ method: 'PUT', url: `/api/queues/${queueId}/login`, headers: anna.auth, payload: { loggedIn: true } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const indicator = (page: Page) => page.getByTestId('typing-indicator');

  it('shows a colleague typing, and takes it away when the message arrives (desktop English, phone German)', async () => {
    const chat = (
      await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })
    ).json() as { id: number };
    const annaPage = (await newPageAt(browser, server.url, DESKTOP, 'en-US')).page;
    const benPage = (await newPageAt(browser, server.url, PHONE, 'de-DE')).page;
    await signIn(annaPage, anna.email, PASSWORD);
    await signIn(benPage, ben.email, PASSWORD);
    await annaPage.goto(`/#/chat/${chat.id}`);
    await benPage.goto(`/#/chat/${chat.id}`);
    await annaPage.getByTestId('composer').waitFor();
    await benPage.getByTestId('composer').waitFor();

    await benPage.getByTestId('composer').pressSequentially('Hallo Anna', { delay: 20 });
    await expect.poll(() => indicator(annaPage).textContent(), { timeout: 10_000 }).toBe('Ben is typing…');
    await screenshot(annaPage, 'typing-desktop-en');
    await benPage.getByTestId('composer').press('Enter');
    await expect.poll(() => indicator(annaPage).getAttribute('data-typing')).toBe('false');

    await annaPage.getByTestId('composer').pressSequentially('Hallo Ben', { delay: 20 });
    await expect.poll(() => indicator(benPage).textContent(), { timeout: 10_000 }).toBe('Anna schreibt …');
    expect(await sidewaysOverflow(benPage, PHONE.width)).toBeLessThanOrEqual(0);
    await screenshot(benPage, 'typing-phone-de');
    // Nobody sends: it goes away by itself after a few seconds.
    await expect.poll(() => indicator(benPage).getAttribute('data-typing'), { timeout: 10_000 }).toBe('false');
    await Promise.all([annaPage.context().close(), benPage.context().close()]);
  });

  it('goes both ways between the agent and a website visitor (agent English, visitor German)', async () => {
    const annaPage = (await newPageAt(browser, server.url, DESKTOP, 'en-US')).page;
    await signIn(annaPage, anna.email, PASSWORD);
    await annaPage.getByTestId('nav-chat').click();
    const visitorPage = (await newPageAt(browser, server.url, PHONE, 'de-DE')).page;
    await visitorPage.goto('/demo');
    await visitorPage.getByTestId('widget-bubble').click();
    if (await visitorPage.getByTestId('widget-name').count()) {
      await visitorPage.getByTestId('widget-name').fill('Jana Besucherin');
      await visitorPage.getByTestId('widget-start').click();
    }
    await visitorPage.getByTestId('widget-composer').fill('Guten Tag');
    await visitorPage.getByTestId('widget-send').click();
    const item = annaPage.getByTestId('recents-item').filter({ hasText: 'Jana Besucherin' });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    await item.click();
    await annaPage.getByTestId('take-button').click();
    await annaPage.getByTestId('composer').waitFor();

    await visitorPage.getByTestId('widget-composer').pressSequentially('Ich habe eine Frage', { delay: 20 });
    await expect.poll(() => indicator(annaPage).textContent(), { timeout: 10_000 }).toBe('Jana Besucherin is typing…');
    await screenshot(annaPage, 'typing-visitor-desktop-en');

    await annaPage.getByTestId('composer').pressSequentially('Wie kann ich helfen?', { delay: 20 });
    await expect.poll(() => visitorPage.getByTestId('widget-typing').textContent(), { timeout: 10_000 }).toBe('Anna Agent schreibt …');
    await screenshot(visitorPage, 'typing-widget-phone-de');
    await annaPage.getByTestId('composer').press('Enter');
    await expect.poll(() => visitorPage.getByTestId('widget-typing').count()).toBe(0);
    await Promise.all([annaPage.context().close(), visitorPage.context().close()]);
  });
});
