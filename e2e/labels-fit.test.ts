import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, TestVisitor } from '../server/src/testing/customer-chat.js';
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
  let customerChat: number;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Ada Admin', 'admin');
    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [admin.id] });
    const widget = await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    const online = await agentOnline(server, admin, [queue.id]);
    await (await TestVisitor.start(server, widget.key)).write('Hello');
    customerChat = (await recents(server, admin)).find((c) => c.kind === 'external')?.id ?? 0;
    expect((await act(server, admin, customerChat, 'take')).statusCode).toBe(200);
    await online.close();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The visible inputs whose placeholder is wider than the room the input gives it. */
  const cutPlaceholders = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[placeholder]')]
        .filter((input) => input.offsetWidth > 0)
        .map((input) => {
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
          return width > room ? input.placeholder : '';
        })
        .filter(Boolean),
    );

  for (const [viewport, locale] of [
    [DESKTOP, 'en-US'],
    [DESKTOP, 'de-DE'],
    [PHONE, 'en-US'],
    [PHONE, 'de-DE'],
  ] as [Viewport, string][]) {
    it(`shows search placeholders and navigation labels whole (${viewport.width} px, ${locale})`, async () => {
      const { page, context } = await newPageAt(browser, server.url, viewport, locale);
      await signIn(page, admin.email, PASSWORD);
      const cut: string[] = [];
      for (const screen of ['team', 'chat', 'contacts', 'admin/users', 'admin/groups', 'admin/queues']) {
        await page.goto(`/#/${screen}`);
        await page.waitForTimeout(300);
        cut.push(...(await cutPlaceholders(page)).map((text) => `${screen}: ${text}`));
      }
      // The transfer dialog's search, opened over a customer chat.
      await page.goto(`/#/chat/${customerChat}`);
      await page.getByTestId('transfer-button').click();
      await page.getByTestId('transfer-target').first().waitFor();
      cut.push(...(await cutPlaceholders(page)).map((text) => `transfer: ${text}`));
      await page.keyboard.press('Escape');
      await page.goto('/#/chat');
      expect(cut).toEqual([]);
      const cutLabels = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.nav-rail__item span:not(.nav-rail__badge)')]
          .filter((label) => label.offsetWidth > 0 && label.scrollWidth > label.clientWidth)
          .map((label) => label.textContent),
      );
      expect(cutLabels).toEqual([]);
      await screenshot(page, `labels-fit-${viewport.width}-${locale}`);
      await context.close();
    });
  }
});
