import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

/** Texts that were cut short for a new user: the chat search's placeholder and the side rail's labels. */
describe.runIf(browserAvailable)('labels fit where they are shown', () => {
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Ada Admin', 'admin');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** How much wider the placeholder is than the room the input gives it (≤ 0: it fits). */
  const placeholderOverflow = (page: Page, testId: string) =>
    page.getByTestId(testId).evaluate((input: HTMLInputElement) => {
      // The placeholder set in a span of the input's font, as the browser lays it out.
      const style = getComputedStyle(input);
      const ruler = document.createElement('span');
      ruler.textContent = input.placeholder;
      Object.assign(ruler.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre', font: style.font, letterSpacing: style.letterSpacing });
      document.body.append(ruler);
      const width = ruler.getBoundingClientRect().width;
      ruler.remove();
      // A search field keeps room for its clear (×) button even while empty.
      const clearButton = input.type === 'search' ? 20 : 0;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - clearButton;
      return Math.ceil(width - room);
    });

  for (const [viewport, locale] of [
    [DESKTOP, 'en-US'],
    [DESKTOP, 'de-DE'],
    [PHONE, 'en-US'],
    [PHONE, 'de-DE'],
  ] as [Viewport, string][]) {
    it(`shows the chat search's placeholder and the navigation labels whole (${viewport.width} px, ${locale})`, async () => {
      const { page, context } = await newPageAt(browser, server.url, viewport, locale);
      await signIn(page, admin.email, PASSWORD);
      await page.getByTestId('nav-chat').click();
      await page.getByTestId('chat-search').waitFor();
      expect(await placeholderOverflow(page, 'chat-search')).toBeLessThanOrEqual(0);
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.nav-rail__item span:not(.nav-rail__badge)')]
          .filter((label) => label.offsetWidth > 0 && label.scrollWidth > label.clientWidth)
          .map((label) => label.textContent),
      );
      expect(cut).toEqual([]);
      await screenshot(page, `labels-fit-${viewport.width}-${locale}`);
      await context.close();
    });
  }
});
