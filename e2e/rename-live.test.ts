import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

/** Anna changes her display name; Ben's open client shows the new one at once, without a reload. */
describe.runIf(browserAvailable)("a colleague's new display name, live", () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let chat: number;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    const group = await server.app.inject({
      method: 'POST',
      url: '/api/admin/groups',
      headers: admin.auth,
      payload: { name: 'Support', members: [anna, ben].map((u) => ({ userId: u.id, isManager: false })) },
    });
    expect(group.statusCode).toBeLessThan(300);
    chat = (await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })).json().id;
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${chat}/messages`,
      headers: anna.auth,
      payload: { clientId: 'client-hello-1', body: 'Hello Ben' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(user: TestUser, viewport: Viewport, locale: string, hash: string): Promise<Page> {
    const { page } = await newPageAt(browser, server.url, viewport, locale);
    await signIn(page, user.email, PASSWORD);
    await page.goto(`/${hash}`);
    return page;
  }

  it("shows it in Ben's Team view (desktop, English) and in his chat with her (phone, German)", async () => {
    const team = await open(ben, DESKTOP, 'en-US', '#/team');
    const annaRow = team.locator(`[data-testid="team-member"][data-user-id="${anna.id}"]`);
    await expect.poll(() => annaRow.textContent()).toContain('Anna Agent');
    const conversation = await open(ben, PHONE, 'de-DE', `#/chat/${chat}`);
    await conversation.getByTestId('message').first().waitFor();
    expect(await conversation.getByTestId('conversation-title').textContent()).toContain('Anna Agent');

    const settings = await open(anna, DESKTOP, 'en-US', '#/settings/account');
    await settings.getByTestId('account-name').fill('Anna Schmidt');
    await settings.getByTestId('account-name-save').click();

    await expect.poll(() => annaRow.textContent()).toContain('Anna Schmidt');
    await expect.poll(() => conversation.getByTestId('conversation-title').textContent()).toContain('Anna Schmidt');
    await expect.poll(() => conversation.locator('.run__name').first().textContent()).toBe('Anna Schmidt');
    await conversation.getByTestId('conversation-back').click();
    await expect.poll(() => conversation.getByTestId('recents-item').first().textContent()).toContain('Anna Schmidt');
    await screenshot(team, 'rename-live-team-desktop-en');
    await screenshot(conversation, 'rename-live-recents-phone-de');
    await Promise.all([team.context().close(), conversation.context().close(), settings.context().close()]);
  });
});
