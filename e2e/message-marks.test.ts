import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, agentOnline, createQueue, createWidget, recents, reply, TestVisitor } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

const MINUTE = 60_000;

/**
 * What the client says about changing my messages: Edit for as long as the server's MESSAGE_EDIT_MINUTES,
 * "cannot be unsent" under my reply to a customer (visible without a mouse), and the edited/deleted marks
 * in Information's history as in the conversation.
 */
describe.runIf(browserAvailable)('message marks and the edit window', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let customerChat: number;

  beforeAll(async () => {
    server = await startServer({ MESSAGE_EDIT_MINUTES: '60' });
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id] });
    const widget = await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    const online = await agentOnline(server, anna, [queue.id]);
    const visitor = await TestVisitor.start(server, widget.key, 'Jane Visitor');
    await visitor.write('What does it cost? See https://example.com/offer');
    await visitor.write('I mean the big one');
    await visitor.write('Never mind that');
    customerChat = (await recents(server, anna)).find((c) => c.kind === 'external')?.id ?? 0;
    expect((await act(server, anna, customerChat, 'take')).statusCode).toBe(200);
    expect((await reply(server, anna, customerChat, 'Our price is 10 EUR')).statusCode).toBe(200);
    await online.close();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(user: TestUser, viewport: Viewport, locale: string, conversationId: number): Promise<Page> {
    const { page } = await newPageAt(browser, server.url, viewport, locale);
    await signIn(page, user.email, PASSWORD);
    await page.goto(`/#/chat/${conversationId}`);
    await page.getByTestId('message').first().waitFor();
    return page;
  }

  it('offers Edit for as long as the server allows (MESSAGE_EDIT_MINUTES=60), not a built-in 15 minutes', async () => {
    const chat = (
      await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })
    ).json().id;
    const sent = await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${chat}/messages`,
      headers: anna.auth,
      payload: { clientId: 'client-old-news-1', body: 'Sent 20 minutes ago' },
    });
    await server.storage.db
      .updateTable('messages')
      .set({ created_at: Date.now() - 20 * MINUTE })
      .where('id', '=', sent.json().id)
      .execute();
    const page = await open(anna, DESKTOP, 'en-US', chat);
    const message = page.locator(`[data-testid="message"][data-message-id="${sent.json().id}"]`);
    await message.hover();
    await message.getByTestId('message-edit').click();
    await page.getByTestId('message-edit-box').fill('Edited after 20 minutes');
    await page.getByTestId('message-edit-save').click();
    await expect.poll(() => message.textContent()).toContain('Edited after 20 minutes (edited)');
    await page.context().close();
  });

  for (const [viewport, locale, text] of [
    [DESKTOP, 'en-US', 'Sent to the customer: it cannot be changed or unsent'],
    [PHONE, 'de-DE', 'An den Kunden gesendet: kann nicht geändert oder zurückgeholt werden'],
  ] as const) {
    it(`says under my reply to a customer that it cannot be unsent (${viewport.width} px, ${locale})`, async () => {
      const page = await open(anna, viewport, locale, customerChat);
      const mine = page.getByTestId('message').filter({ hasText: 'Our price is 10 EUR' });
      await mine.waitFor();
      // Shown without hovering: a phone has no mouse.
      await expect.poll(() => mine.getByTestId('message-final').isVisible()).toBe(true);
      expect(await mine.getByTestId('message-final').textContent()).toBe(text);
      expect(await mine.getByTestId('message-edit').count()).toBe(0);
      expect(await page.getByTestId('message-final').count()).toBe(1);
      expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
      await screenshot(page, `message-final-${viewport.width}-${locale}`);
      await page.context().close();
    });
  }

  it('marks edited and deleted messages in Information › History as the conversation does (phone, German)', async () => {
    // No verb changes a customer's message today; the marks are written as an edit or delete would write them.
    const history = (await server.app.inject({ method: 'GET', url: `/api/conversations/${customerChat}/messages`, headers: anna.auth })).json().messages;
    const edited = history.find((m: { body: string }) => m.body === 'I mean the big one').id;
    const deleted = history.find((m: { body: string }) => m.body === 'Never mind that').id;
    await server.storage.db.updateTable('messages').set({ body: 'I mean the small one', edited_at: Date.now() }).where('id', '=', edited).execute();
    await server.storage.db.updateTable('messages').set({ body: '', deleted_at: Date.now() }).where('id', '=', deleted).execute();
    // A customer who left a number: Information shows it as a Call link (tel: without a click-to-call template).
    const customerId = (await recents(server, anna)).find((c) => c.id === customerChat)?.customer?.id ?? 0;
    await server.storage.db.updateTable('customers').set({ phone: '+49 30 1234567' }).where('id', '=', customerId).execute();

    const page = await open(anna, PHONE, 'de-DE', customerChat);
    await page.getByTestId('chat-menu').click();
    await page.getByTestId('menu-information').click();
    await expect.poll(() => page.getByTestId('customer-call').getAttribute('href')).toBe('tel:+49301234567');
    const rows = page.getByTestId('info-history').locator('li.info__msg');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    const texts = await rows.allTextContents();
    expect(texts.find((row) => row.includes('I mean the small one'))).toContain('(bearbeitet)');
    expect(texts.filter((row) => row.includes('Diese Nachricht wurde gelöscht'))).toHaveLength(1);
    // A link in the history opens as it does in the conversation.
    const link = page.getByTestId('info-history').locator('a[href="https://example.com/offer"]');
    expect(await link.getAttribute('rel')).toContain('noopener');
    await page.getByTestId('info-history').scrollIntoViewIfNeeded();
    await screenshot(page, 'info-history-marks-phone-de');
    await page.context().close();
  });
});
