import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

const TOKEN = 'EAAGe2e-token-abcd';

describe.runIf(browserAvailable)('Admin › Channels', () => {
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Root Admin', 'admin');
    const queue = await createQueue(server, admin, { agentIds: [], name: 'Support' });
    await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sizes = [
    [1366, 850, 'desktop'],
    [390, 844, 'phone'],
  ] as const;

  /** Both sizes; with `parts`, also scrolled to each of these test ids (the form is longer than a screen). */
  async function shoot(page: Page, name: string, parts: string[] = []) {
    for (const [width, height, size] of sizes) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(250);
      await screenshot(page, `${name}-${size}`);
      for (const part of parts) {
        await page.getByTestId(part).scrollIntoViewIfNeeded();
        await screenshot(page, `${name}-${size}-${part}`);
      }
    }
  }

  it('adds a WhatsApp number: tokens are write-only, the webhook URL is shown to copy', async () => {
    const { page } = await newAgentPage(browser, server.url, 'en-US');
    await page.setViewportSize({ width: 1366, height: 850 });
    await signIn(page, admin.email, PASSWORD);
    await page.goto('/#/admin/channels');
    await page.getByTestId('admin-channel-item').first().waitFor();
    await page.getByTestId('admin-channel-new').click();
    expect(await page.getByTestId('channel-type-messenger').isDisabled()).toBe(false);
    await shoot(page, 'channels-add-en');
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.getByTestId('channel-type-whatsapp').click();

    await page.getByTestId('channel-name').fill('Support WhatsApp');
    await page.getByTestId('whatsapp-phone-number-id').fill('1098765432');
    await page.getByTestId('whatsapp-display-phone').fill('+49 30 1234567');
    await page.getByTestId('whatsapp-accessToken').fill(TOKEN);
    await page.getByTestId('whatsapp-appSecret').fill('app-secret-e2e-1234');
    await page.getByTestId('whatsapp-verifyToken').fill('verify-e2e-5678');
    await page.getByTestId('whatsapp-template-add').click();
    await page.getByTestId('whatsapp-template-name').fill('order_update');
    await page.getByTestId('whatsapp-template-parameters').fill('1');
    await page.getByTestId('whatsapp-template-body').fill('Your order {{1}} has shipped.');
    await page.getByTestId('channel-save').click();

    await page.getByTestId('whatsapp-webhook-url').waitFor();
    expect(await page.getByTestId('whatsapp-webhook-url').textContent()).toMatch(/\/webhooks\/[\w-]{32}$/);
    expect(await page.getByTestId('whatsapp-accessToken-saved').textContent()).toBe('Saved (••••abcd) — leave empty to keep');
    expect(await page.getByTestId('whatsapp-accessToken').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);
    expect(await page.getByTestId('admin-channel-item').count()).toBe(2);
    await shoot(page, 'channels-whatsapp-en', ['whatsapp-webhook-url', 'whatsapp-templates']);

    const channels = await server.services.channelAccounts.list({ id: admin.id, role: 'admin', name: admin.name });
    const whatsapp = channels.find((c) => c.type === 'whatsapp');
    expect(whatsapp?.settings).toMatchObject({ phoneNumberId: '1098765432', templates: [{ name: 'order_update', parameterCount: 1 }] });
    expect((await server.services.channelAccounts.context(whatsapp!.id))?.secrets).toMatchObject({ accessToken: TOKEN });
  });

  it('adds an SMS number at Twilio: the auth token is write-only, the webhook URL is shown to paste', async () => {
    const { page } = await newAgentPage(browser, server.url, 'en-US');
    await page.setViewportSize({ width: 1366, height: 850 });
    await signIn(page, admin.email, PASSWORD);
    await page.goto('/#/admin/channels');
    await page.getByTestId('admin-channel-item').first().waitFor();
    await page.getByTestId('admin-channel-new').click();
    await page.getByTestId('channel-type-sms').click();
    await page.getByTestId('channel-name').fill('Support SMS');
    await page.getByTestId('sms-account-sid').fill(`AC${'0a'.repeat(16)}`);
    await page.getByTestId('sms-phone-numbers').fill('+49 30 123456\n+15005550006');
    await page.getByTestId('sms-authToken').fill('twilio-token-e2e-wxyz');
    await page.getByTestId('channel-save').click();

    await page.getByTestId('sms-webhook-url').waitFor();
    expect(await page.getByTestId('sms-webhook-url').textContent()).toMatch(/\/webhooks\/[\w-]{32}$/);
    expect(await page.getByTestId('sms-authToken-saved').textContent()).toBe('Saved (••••wxyz) — leave empty to keep');
    expect(await page.content()).not.toContain('twilio-token-e2e-wxyz');
    await shoot(page, 'channels-sms-en', ['sms-webhook-url']);

    const channels = await server.services.channelAccounts.list({ id: admin.id, role: 'admin', name: admin.name });
    const sms = channels.find((c) => c.type === 'sms');
    expect(sms?.settings).toEqual({
      provider: 'twilio',
      accountSid: `AC${'0a'.repeat(16)}`,
      phoneNumbers: ['+4930123456', '+15005550006'],
      messagingServiceSid: '',
      helpText: '',
    });
  });

  it('adds a Facebook Messenger page: the human-agent switch, write-only tokens, the webhook and its fields', async () => {
    const { page } = await newAgentPage(browser, server.url, 'en-US');
    await page.setViewportSize({ width: 1366, height: 850 });
    await signIn(page, admin.email, PASSWORD);
    await page.goto('/#/admin/channels');
    await page.getByTestId('admin-channel-item').first().waitFor();
    await page.getByTestId('admin-channel-new').click();
    await page.getByTestId('channel-type-messenger').click();
    await page.getByTestId('channel-name').fill('Shop page');
    await page.getByTestId('messenger-page-id').fill('1029384756');
    await page.getByTestId('messenger-human-agent').check();
    await page.getByTestId('messenger-pageAccessToken').fill('EAAGpage-e2e-wxyz');
    await page.getByTestId('messenger-appSecret').fill('app-secret-e2e-1234');
    await page.getByTestId('messenger-verifyToken').fill('verify-e2e-5678');
    await page.getByTestId('channel-save').click();

    await page.getByTestId('messenger-webhook-url').waitFor();
    expect(await page.getByTestId('messenger-webhook-url').textContent()).toMatch(/\/webhooks\/[\w-]{32}$/);
    expect(await page.getByTestId('messenger-subscriptions').textContent()).toContain('message_echoes');
    expect(await page.getByTestId('messenger-pageAccessToken-saved').textContent()).toBe('Saved (••••wxyz) — leave empty to keep');
    expect(await page.content()).not.toContain('EAAGpage-e2e-wxyz');
    await shoot(page, 'channels-messenger-en', ['messenger-webhook-url']);

    const channels = await server.services.channelAccounts.list({ id: admin.id, role: 'admin', name: admin.name });
    const messenger = channels.find((c) => c.type === 'messenger');
    expect(messenger?.settings).toEqual({ pageId: '1029384756', graphVersion: 'v23.0', humanAgentTag: true });
    expect((await server.services.channelAccounts.context(messenger!.id))?.secrets).toMatchObject({ pageAccessToken: 'EAAGpage-e2e-wxyz' });

    // In German, the same form.
    const de = (await newAgentPage(browser, server.url, 'de-DE')).page;
    await de.setViewportSize({ width: 1366, height: 850 });
    await signIn(de, admin.email, PASSWORD);
    await de.goto('/#/admin/channels');
    await de.locator('[data-testid="admin-channel-item"][data-channel-type="messenger"]').click();
    await de.getByTestId('messenger-webhook-url').waitFor();
    expect(await de.getByText('Bis zu 7 Tage mit dem Human-Agent-Tag antworten').count()).toBe(1);
    await shoot(de, 'channels-messenger-de', ['messenger-webhook-url']);
  });

  it('shows the list and the WhatsApp form in German', async () => {
    const { page } = await newAgentPage(browser, server.url, 'de-DE');
    await page.setViewportSize({ width: 1366, height: 850 });
    await signIn(page, admin.email, PASSWORD);
    await page.goto('/#/admin/channels');
    await page.locator('[data-testid="admin-channel-item"][data-channel-type="whatsapp"]').click();
    await page.getByTestId('whatsapp-webhook-url').waitFor();
    expect(await page.getByTestId('whatsapp-accessToken-saved').textContent()).toBe('Gespeichert (••••abcd) – leer lassen, um ihn zu behalten');
    await shoot(page, 'channels-whatsapp-de', ['whatsapp-webhook-url', 'whatsapp-templates']);
    // Phone: the list is its own screen.
    await page.getByTestId('admin-back').click();
    await screenshot(page, 'channels-list-de-phone');
  });
});
