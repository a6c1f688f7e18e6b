import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, cspViolations, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

describe.runIf(browserAvailable)('two colleagues chat in the web client', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let annaPage: Page;
  let benPage: Page;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    await server.app.inject({
      method: 'POST',
      url: '/api/admin/groups',
      headers: admin.auth,
      payload: {
        name: 'Sales',
        members: [
          { userId: anna.id, isManager: false },
          { userId: ben.id, isManager: false },
        ],
      },
    });
    browser = await launchBrowser();
    annaPage = (await newAgentPage(browser, server.url)).page;
    benPage = (await newAgentPage(browser, server.url)).page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const member = (page: Page, user: TestUser) => page.locator(`[data-testid="team-member"][data-user-id="${user.id}"]`);
  const presenceOf = (page: Page, user: TestUser) => member(page, user).getByTestId('presence-dot');

  it('shows a colleague come online in Team view, live', async () => {
    await signIn(benPage, ben.email, PASSWORD);
    await expect.poll(() => presenceOf(benPage, anna).getAttribute('data-presence')).toBe('offline');
    await signIn(annaPage, anna.email, PASSWORD);
    await expect.poll(() => presenceOf(benPage, anna).getAttribute('data-presence')).toBe('available');
    await expect.poll(() => presenceOf(annaPage, ben).getAttribute('data-presence')).toBe('available');
    await screenshot(annaPage, 'team-view');
  });

  it('shows a presence change to do not disturb on the other side', async () => {
    await annaPage.getByTestId('presence-select').selectOption('dnd');
    await expect.poll(() => presenceOf(benPage, anna).getAttribute('data-presence')).toBe('dnd');
    await annaPage.getByTestId('presence-select').selectOption('available');
    await expect.poll(() => presenceOf(benPage, anna).getAttribute('data-presence')).toBe('available');
  });

  it('starts a chat from Team view; messages and unread counts arrive live', async () => {
    await annaPage.getByTestId('nav-chat').click();
    await benPage.getByTestId('nav-team').click();
    await member(benPage, anna).click();
    await benPage.getByTestId('composer').fill('Hi Anna, got a minute?');
    await benPage.getByTestId('send-button').click();
    await expect.poll(() => benPage.getByTestId('message').last().textContent()).toContain('Hi Anna, got a minute?');

    const annaRecents = annaPage.getByTestId('recents-item');
    await expect.poll(() => annaRecents.count()).toBe(1);
    await expect.poll(() => annaRecents.first().getByTestId('unread-badge').textContent()).toBe('1');
    // Anna's tab shows the count in its title and a dot on its icon, for when she works in another tab.
    const favicon = () => annaPage.locator('link[rel="icon"]').getAttribute('href');
    await expect.poll(() => annaPage.title()).toBe('(1) Switchboard');
    await expect.poll(favicon).toMatch(/^data:image\/png/);
    await benPage.getByTestId('composer').fill('It is about the offer');
    await benPage.getByTestId('composer').press('Enter');
    await expect.poll(() => annaRecents.first().getByTestId('unread-badge').textContent()).toBe('2');
    await expect.poll(() => annaPage.title()).toBe('(2) Switchboard');

    await annaRecents.first().click();
    await expect
      .poll(() => annaPage.getByTestId('message').allTextContents())
      .toEqual([expect.stringContaining('Hi Anna, got a minute?'), expect.stringContaining('It is about the offer')]);
    await expect.poll(() => annaRecents.first().getByTestId('unread-badge').count()).toBe(0);
    await expect.poll(() => annaPage.title()).toBe('Switchboard');
    await expect.poll(favicon).toBe('/icons/icon.svg');
    await annaPage.getByTestId('composer').fill('Sure, call me on +49 30 1234567');
    await annaPage.getByTestId('composer').press('Enter');
    await expect.poll(() => benPage.getByTestId('message').last().textContent()).toContain('Sure, call me');
    await expect.poll(() => benPage.getByTestId('seen-marker').count()).toBeGreaterThan(0);
    await screenshot(annaPage, 'chat');
  });

  it('shows reconnecting while the server restarts and loses no message sent meanwhile', async () => {
    // Watched from before the restart, in the page: on a busy machine the page can be back before a poll from
    // here first looks, and the banner gone again.
    const bannerShown = annaPage.getByTestId('reconnecting-banner').waitFor({ state: 'visible', timeout: 15_000 });
    await server.restart();
    await bannerShown;
    const annaSeesAfter = annaPage.getByTestId('message').filter({ hasText: 'Sent while you reconnected' });
    const conversation = (await server.app.inject({ method: 'GET', url: '/api/conversations', headers: ben.auth })).json().conversations[0];
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: ben.auth,
      payload: { clientId: 'during-restart-1', body: 'Sent while you reconnected' },
    });
    await expect.poll(() => annaSeesAfter.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => annaPage.getByTestId('reconnecting-banner').isVisible()).toBe(false);
  });

  it("runs under the server's Content-Security-Policy without a violation", () => {
    expect(cspViolations).toEqual([]);
  });
});
