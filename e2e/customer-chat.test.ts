import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

const HOSTILE = '<b>bold?</b><img src=x onerror="window.__pwned=1">';

describe.runIf(browserAvailable)('a website visitor and two agents', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let annaPage: Page;
  let benPage: Page;
  let visitorPage: Page;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id] });
    await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    for (const agent of [anna, ben]) {
      await server.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: agent.auth, payload: { loggedIn: true } });
    }
    browser = await launchBrowser();
    annaPage = (await newAgentPage(browser, server.url)).page;
    benPage = (await newAgentPage(browser, server.url)).page;
    visitorPage = (await newAgentPage(browser, server.url)).page;
    await signIn(annaPage, anna.email, PASSWORD);
    await signIn(benPage, ben.email, PASSWORD);
    await annaPage.getByTestId('nav-chat').click();
    await benPage.getByTestId('nav-chat').click();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The agent's page as on a laptop and on a phone, then back. */
  const screenshots = async (page: Page, name: string) => {
    await page.setViewportSize({ width: 1366, height: 850 });
    await screenshot(page, `${name}-desktop`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500); // a dialog turns into a sheet with an animation
    await screenshot(page, `${name}-phone`);
    await page.setViewportSize({ width: 1280, height: 800 });
  };
  const customerChat = (page: Page) => page.getByTestId('recents-item').filter({ hasText: 'Jane Visitor' });
  const visitorWrites = async (text: string) => {
    await visitorPage.getByTestId('widget-composer').fill(text);
    await visitorPage.getByTestId('widget-send').click();
  };

  it('offers a chat written on the demo page to both agents of the queue', async () => {
    await visitorPage.goto('/demo');
    await visitorPage.getByTestId('widget-bubble').click();
    await visitorPage.getByTestId('widget-name').fill('Jane Visitor');
    await visitorPage.getByTestId('widget-start').click();
    await visitorWrites(HOSTILE);
    await expect.poll(() => customerChat(annaPage).count()).toBe(1);
    await expect.poll(() => customerChat(benPage).count()).toBe(1);
  });

  it('shows what the visitor typed as text, never as markup', async () => {
    await customerChat(annaPage).click();
    const message = annaPage.getByTestId('message').filter({ hasText: 'bold?' });
    await expect.poll(() => message.textContent()).toContain(HOSTILE);
    expect(await message.locator('b, img').count()).toBe(0);
    expect(await annaPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('lets one agent take it; the other loses it; the visitor sees the agent join and reply', async () => {
    await annaPage.getByTestId('take-button').click();
    await expect.poll(() => customerChat(benPage).count()).toBe(0);
    await annaPage.getByTestId('composer').fill('Hi Jane, Anna here. How can I help?');
    await annaPage.getByTestId('composer').press('Enter');
    await expect.poll(() => visitorPage.getByTestId('widget-system').allTextContents()).toContainEqual(expect.stringContaining('Anna Agent'));
    await expect
      .poll(() => visitorPage.locator('[data-testid="widget-message"][data-author="user"]').allTextContents())
      .toContainEqual(expect.stringContaining('Hi Jane, Anna here'));
    await screenshot(annaPage, 'customer-chat-agent');
    await screenshot(visitorPage, 'customer-chat-visitor');
  });

  it('shows the visitor a web address from the agent as a link opening in a new tab; javascript: stays text', async () => {
    await annaPage.getByTestId('composer').fill('Our prices: https://example.org/prices. Not javascript:alert(1)');
    await annaPage.getByTestId('composer').press('Enter');
    const message = visitorPage.locator('[data-testid="widget-message"][data-author="user"]').filter({ hasText: 'Our prices' });
    await expect.poll(() => message.locator('a').allTextContents()).toEqual(['https://example.org/prices']);
    const link = message.locator('a');
    expect(await link.getAttribute('href')).toBe('https://example.org/prices');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await message.textContent()).toContain('Not javascript:alert(1)');
  });

  it("shows the customer's initials on a chat toast, and a transfer toast's whole title", async () => {
    // Ben lost the offer when Anna took it; the toast of the offer named Jane, not "New chat…".
    const avatar = (page: Page) => page.getByTestId('chat-toast').filter({ hasText: 'Jane Visitor' }).locator('.avatar');
    const refusedReads: string[] = [];
    annaPage.on('response', (res) => {
      if (/\/read$/.test(res.url()) && res.status() === 403) refusedReads.push(res.url());
    });
    await annaPage.getByTestId('transfer-button').click();
    await annaPage.getByTestId('transfer-search').fill('Ben');
    await annaPage.locator(`[data-testid="transfer-target"][data-user-id="${ben.id}"]`).click();
    await expect.poll(() => customerChat(annaPage).count()).toBe(0);
    await expect.poll(() => avatar(benPage).count()).toBe(1);
    expect(await avatar(benPage).textContent()).toBe('JV');
    const title = benPage.getByTestId('chat-toast').locator('.chat-toast__title');
    expect(await title.textContent()).toBe('Chat with Jane Visitor transferred to you');
    // Nothing of the title is cut off: the text fits the box it is shown in.
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
    await benPage.waitForTimeout(300); // the card slides in
    for (const [name, width, height] of [
      ['customer-chat-transfer-toast', 1366, 850],
      ['customer-chat-transfer-toast-phone', 390, 844],
    ] as const) {
      await benPage.setViewportSize({ width, height });
      await screenshot(benPage, name);
    }
    await benPage.setViewportSize({ width: 1280, height: 800 });
    // The former owner no longer marks the chat read (the server would refuse: 403).
    await annaPage.waitForTimeout(1000);
    expect(refusedReads).toEqual([]);

    // Back to Anna, who carries on.
    await customerChat(benPage).click();
    await benPage.getByTestId('transfer-button').click();
    await benPage.getByTestId('transfer-search').fill('Anna');
    await benPage.locator(`[data-testid="transfer-target"][data-user-id="${anna.id}"]`).click();
    await expect.poll(() => customerChat(annaPage).count()).toBe(1);
    await customerChat(annaPage).click();
    await annaPage.getByTestId('dealt-with-button').waitFor();
  });

  it('routes the next message through the queue again after Dealt with', async () => {
    await annaPage.getByTestId('dealt-with-button').click();
    await expect.poll(() => customerChat(annaPage).count()).toBe(0);
    await expect.poll(() => visitorPage.getByTestId('widget-ended').count()).toBe(1);
    await visitorWrites('Sorry, one more question');
    await expect.poll(() => customerChat(benPage).count()).toBe(1);
    await expect.poll(() => customerChat(annaPage).count()).toBe(1);
  });

  it('shows the visitor that the session ended when an agent ends it', async () => {
    await customerChat(benPage).click();
    await benPage.getByTestId('take-button').click();
    await expect.poll(() => customerChat(annaPage).count()).toBe(0);
    await benPage.getByTestId('chat-menu').click();
    await benPage.getByTestId('menu-end-session').click();
    await expect.poll(() => benPage.getByTestId('session-ended-banner').count()).toBe(1);
    await expect.poll(() => visitorPage.getByTestId('widget-ended').isVisible()).toBe(true);
    await expect.poll(() => customerChat(benPage).count()).toBe(1);
  });

  it('blocks the visitor, who can then no longer chat', async () => {
    await benPage.getByTestId('chat-menu').click();
    await benPage.getByTestId('menu-block').click();
    // The demo visitor writes from this computer: the dialog names the address and warns it is everyone's.
    expect(await benPage.getByTestId('block-address').textContent()).toContain('127.0.0.1');
    expect(await benPage.getByTestId('block-local-warning').textContent()).toContain('every visitor');
    await screenshots(benPage, 'block-dialog');
    await benPage.getByTestId('confirm-button').click();
    await expect.poll(() => visitorPage.getByTestId('widget-blocked').isVisible()).toBe(true);
    await expect.poll(() => benPage.getByTestId('session-ended-banner').textContent()).toContain('This visitor is blocked');
    expect(await benPage.getByTestId('composer-locked').textContent()).toContain('cannot write to a blocked visitor');
    await screenshots(benPage, 'blocked-chat');
    await benPage.getByTestId('chat-menu').click();
    await benPage.getByTestId('menu-end-session').or(benPage.getByTestId('menu-archive')).first().waitFor();
    expect(await benPage.getByTestId('menu-block').count()).toBe(0);
    await benPage.keyboard.press('Escape');
    expect(await visitorPage.getByTestId('widget-composer').count()).toBe(0);
    await visitorPage.reload();
    await visitorPage.getByTestId('widget-bubble').waitFor();
    if (!(await visitorPage.getByTestId('widget-panel').isVisible())) await visitorPage.getByTestId('widget-bubble').click();
    await expect.poll(() => visitorPage.getByTestId('widget-blocked').isVisible()).toBe(true);
    // No invitation to write above "Chat is not available".
    expect(await visitorPage.getByTestId('widget-panel').textContent()).not.toContain('Ask us anything');
    await screenshot(visitorPage, 'widget-blocked');
    await visitorPage.setViewportSize({ width: 390, height: 844 });
    await screenshot(visitorPage, 'widget-blocked-phone');
  });

  it('shows an admin, in German, that a widget\'s chats go to a queue (not to "another" one)', async () => {
    const { page } = await newAgentPage(browser, server.url, 'de-DE');
    await page.setViewportSize({ width: 1366, height: 850 });
    await signIn(page, admin.email, PASSWORD);
    // The old address of the widgets screen still leads to it, now Channels.
    await page.goto('/#/admin/widgets');
    const editor = page.getByTestId('channel-editor');
    await editor.waitFor();
    const target = page.getByTestId('widget-target-type');
    expect(await target.locator('option:checked').textContent()).toBe('Eine Warteschlange');
    expect(await page.getByTestId('widget-target-queue').locator('xpath=..').locator('span').first().textContent()).toBe('Warteschlange');
    expect(await editor.textContent()).not.toContain('Andere Warteschlange');
    await screenshot(page, 'admin-widget-target-de');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'admin-widget-target-de-phone');
  });
});
