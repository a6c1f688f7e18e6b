import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

describe.runIf(browserAvailable)("a widget's texts in the visitor's language", () => {
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Root Admin', 'admin');
    const queue = await createQueue(server, admin, { agentIds: [] });
    await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const greetingSeenIn = async (locale: string) => {
    const page = (await newAgentPage(browser, server.url, locale)).page;
    await page.goto('/demo');
    await page.getByTestId('widget-bubble').click();
    const greeting = (await page.locator('.sb-title').textContent()) ?? '';
    return { page, greeting };
  };

  it('lets the admin set a greeting per language; each visitor reads the one of their language', async () => {
    const page: Page = (await newAgentPage(browser, server.url, 'de-DE')).page;
    await signIn(page, admin.email, PASSWORD);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-channels').click();
    await page.getByTestId('admin-channel-item').first().click();
    // The German tab: empty fields show the built-in German texts.
    await page.getByTestId('widget-texts-de').click();
    expect(await page.getByTestId('widget-text-greeting').getAttribute('placeholder')).toBe('Hallo! Wie können wir Ihnen helfen?');
    await page.getByTestId('widget-text-greeting').fill('Willkommen bei ACME!');
    for (const [width, height, name] of [
      [1366, 850, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      await page.getByTestId('widget-texts').scrollIntoViewIfNeeded();
      await screenshot(page, `widget-texts-de-${name}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('channel-save').click();
    await expect
      .poll(async () => (await server.services.livechat.listWidgets({ id: admin.id, role: 'admin', name: admin.name }))[0]?.texts.de.greeting)
      .toBe('Willkommen bei ACME!');

    const german = await greetingSeenIn('de-DE');
    expect(german.greeting).toBe('Willkommen bei ACME!');
    await screenshot(german.page, 'widget-greeting-de');
    const english = await greetingSeenIn('en-US');
    expect(english.greeting).toBe('Hi! How can we help you?');
  });
});
