import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { animationsDone, controlProblems, DESKTOP, newPageAt, PHONE, sidewaysOverflow, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';
import { serveWhatsAppChats, whatsappChat } from './support/whatsapp-fixtures.js';

/**
 * The agent's screens of a WhatsApp chat (delivery marks, reactions, the reply window, templates,
 * Information), at desktop and phone widths in English and German. The WhatsApp chats are served as the
 * server's contract describes them, so these screens do not depend on a WhatsApp number.
 */
const LANGUAGES = [
  {
    code: 'en',
    locale: 'en-US',
    read: 'Read',
    delivered: 'Delivered',
    failedUpload: 'Not delivered: The file could not be uploaded to WhatsApp.',
    window: /^Reply window open for 5 h 1[12] min$/,
    closed: 'WhatsApp only allows an approved template message now',
    block: 'Block this number',
  },
  {
    code: 'de',
    locale: 'de-DE',
    read: 'Gelesen',
    delivered: 'Zugestellt',
    failedUpload: 'Nicht zugestellt: Die Datei konnte nicht zu WhatsApp hochgeladen werden.',
    window: /^Antwortfenster noch 5 Std\. 1[12] Min\. offen$/,
    closed: 'WhatsApp erlaubt jetzt nur noch eine freigegebene Vorlagennachricht',
    block: 'Diese Nummer sperren',
  },
] as const;
const SIZES = [
  { name: 'desktop', viewport: DESKTOP },
  { name: 'phone', viewport: PHONE },
] as const;

async function expectFits(page: Page, viewport: Viewport, what: string) {
  expect(await sidewaysOverflow(page, viewport.width), `${what} scrolls sideways`).toBeLessThanOrEqual(0);
  expect(await controlProblems(page, viewport.width, viewport.width < 768 ? 40 : 0), what).toEqual([]);
}

describe.runIf(browserAvailable)('a WhatsApp chat in the agent client', () => {
  let server: Harness;
  let browser: Browser;
  let agent: TestUser;

  beforeAll(async () => {
    server = await startServer();
    agent = await server.user('Anna Berger');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const language of LANGUAGES) {
    for (const size of SIZES) {
      it(`${language.code} ${size.name}: delivery, reactions, reply window, templates and Information`, async () => {
        const phone = size.name === 'phone';
        const shot = async (page: Page, screen: string) => {
          await animationsDone(page);
          await screenshot(page, `whatsapp-${size.name}-${language.code}-${screen}`);
          await expectFits(page, size.viewport, screen);
        };
        const { context, page } = await newPageAt(browser, server.url, size.viewport, language.locale);
        const me = { id: agent.id, name: agent.name };
        const open = whatsappChat(900, me, 'open');
        const closed = whatsappChat(901, me, 'closed');
        const { retried, merged } = await serveWhatsAppChats(page, [open, closed]);
        await signIn(page, agent.email, PASSWORD);
        await page.getByTestId('nav-chat').click();

        // The list: WhatsApp chats carry WhatsApp's icon.
        const row = page.getByTestId('recents-item').filter({ hasText: 'Jana Fischer' });
        await row.waitFor();
        expect(await row.getByTestId('channel-icon').getAttribute('data-channel')).toBe('whatsapp');
        // …and say when my last message did not reach the customer.
        expect(await row.getByTestId('delivery-mark').getAttribute('data-state')).toBe('failed');
        await shot(page, 'list');

        // My messages show how far they got; the customer's reaction shows under mine.
        await row.click();
        await page.getByTestId('message').first().waitFor();
        const marks = page.getByTestId('message-list').getByTestId('delivery-mark');
        expect(await marks.evaluateAll((els) => els.map((el) => el.getAttribute('data-state')))).toEqual(['read', 'read', 'delivered', 'sent', 'failed']);
        expect(await marks.first().getAttribute('aria-label')).toBe(language.read);
        expect(await marks.nth(2).getAttribute('aria-label')).toBe(language.delivered);
        expect(await page.getByTestId('reaction').getAttribute('aria-label')).toContain('Jana Fischer');
        expect((await page.getByTestId('delivery-failure').textContent())?.replace(/\s+$/, '')).toContain(language.failedUpload);
        expect(await page.getByTestId('reply-window').textContent()).toMatch(language.window);
        // WhatsApp has no End chat session; Block is worded for a number.
        await page.getByTestId('chat-menu').click();
        expect(await page.getByTestId('menu-end-session').count()).toBe(0);
        expect(await page.getByTestId('menu-block').textContent()).toBe(language.block);
        await page.getByTestId('chat-menu').click();
        await shot(page, 'conversation');

        // Retry sends the failed message again.
        await page.getByTestId('delivery-retry').click();
        await expect.poll(() => retried).toEqual([7]);
        await expect.poll(() => page.getByTestId('message').getByTestId('delivery-mark').last().getAttribute('data-state')).toBe('sending');
        if (!phone) expect(await row.getByTestId('delivery-mark').getAttribute('data-state')).toBe('sending');

        // Information: the account with its number, and how the customer is known on each channel.
        await page.getByTestId('chat-menu').click();
        await page.getByTestId('menu-information').click();
        await page.getByTestId('info-identities').waitFor();
        expect(await page.getByTestId('info-account').textContent()).toContain('+49 30 901820');
        expect(await page.getByTestId('info-identity').allTextContents()).toEqual([
          'WhatsApp · Support line · +49 151 23456789',
          language.code === 'en' ? 'Website visitor · Website widget' : 'Website-Besucher · Website widget',
        ]);
        await shot(page, 'information');

        // Same person as…: search, pick, and confirm a merge that cannot be undone.
        await page.getByTestId('info-merge').click();
        await page.getByTestId('merge-search').fill('Jana');
        await page.getByTestId('merge-candidate').first().waitFor();
        await shot(page, 'merge-search');
        await page.getByTestId('merge-candidate').first().click();
        const confirmText = await page.getByTestId('confirm-dialog').textContent();
        expect(confirmText).toContain(language.code === 'en' ? 'cannot be undone' : 'nicht rückgängig');
        await shot(page, 'merge-confirm');
        const infoRequests: string[] = [];
        page.on('request', (r) => r.url().endsWith('/api/conversations/900/info') && infoRequests.push(r.url()));
        await page.getByTestId('confirm-button').click();
        await expect.poll(() => merged).toEqual([77]);
        // Information is fetched again, to show the merged customer.
        await expect.poll(() => infoRequests.length).toBeGreaterThan(0);
        await page.getByTestId('info-close').click();

        // While the window is open, a template can also be sent from the menu.
        await page.getByTestId('chat-menu').click();
        expect(await page.getByTestId('menu-send-template').textContent()).toBe(language.code === 'en' ? 'Send template' : 'Vorlage senden');
        await page.getByTestId('chat-menu').click();

        // The window closes between loading and sending: the refusal says why and offers a template instead.
        await page.getByTestId('composer').fill('One more thing…');
        await page.getByTestId('send-button').click();
        await page.getByTestId('reply-window-closed').waitFor();
        expect(await page.getByTestId('send-failed').textContent()).toContain(language.code === 'en' ? 'More than 24 hours' : 'mehr als 24 Stunden');

        // A chat whose window closed: no reply box, an explanation and Send template.
        if (phone) await page.getByTestId('conversation-back').click();
        await page.getByTestId('recents-item').filter({ hasText: 'Tom Becker' }).click();
        await page.getByTestId('reply-window-closed').waitFor();
        expect(await page.getByTestId('composer').count()).toBe(0);
        expect(await page.getByTestId('reply-window-closed').textContent()).toContain(language.closed);
        await shot(page, 'window-closed');

        // The template dialog: the preview fills in as the parameters are typed.
        await page.getByTestId('send-template').click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await page.getByTestId('channel-template-select').selectOption({ index: 1 });
        const parameters = page.getByTestId('channel-template-parameter');
        expect(await parameters.count()).toBe(3);
        await parameters.nth(0).fill('Tom');
        await parameters.nth(1).fill('A-4711');
        expect(await page.getByTestId('channel-template-preview').textContent()).toBe('Hello Tom, your order A-4711 has shipped and arrives {{3}}.');
        await parameters.nth(2).fill(language.code === 'en' ? 'tomorrow' : 'morgen');
        if (phone) {
          // The sheet slides up when it opens: polled until it rests, filling the screen.
          await expect
            .poll(async () => {
              const box = await dialog.boundingBox();
              return [box!.x, box!.y, box!.width, box!.height].map(Math.round);
            })
            .toEqual([0, 0, size.viewport.width, size.viewport.height]);
        }
        await shot(page, 'template-dialog');
        await page.keyboard.press('Escape');

        // Starting a WhatsApp chat from the new-chat menu.
        if (phone) await page.getByTestId('conversation-back').click();
        await page.getByTestId('new-chat-menu').click();
        await page.getByTestId('new-whatsapp-chat').click();
        await page.getByTestId('start-whatsapp-dialog').waitFor();
        await page.getByTestId('start-whatsapp-phone').fill('+49 151 11122233');
        await page.getByTestId('channel-template-select').selectOption({ index: 2 });
        await page.getByTestId('channel-template-parameter').fill('Lea');
        await shot(page, 'start-whatsapp');
        await page.keyboard.press('Escape');
        await context.close();
      });
    }
  }
});
