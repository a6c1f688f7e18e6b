import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../server/src/testing/customer-chat.js';
import { FakeMessenger } from '../server/src/testing/fake-messenger.js';
import type { FakeTwilio } from '../server/src/testing/fake-twilio.js';
import { FAKE_GRAPH_DEFAULTS, type FakeGraph } from '../server/src/testing/fake-graph.js';
import { type Harness, PASSWORD, startHarness, type TestUser } from '../server/src/testing/harness.js';
import { createMessengerAccount } from '../server/src/testing/messenger.js';
import { ACCOUNT_SID, createSmsAccount, incomingSms, OUR_NUMBER, postTwilio, startFakeTwilio } from '../server/src/testing/sms.js';
import { createWhatsAppAccount } from '../server/src/testing/whatsapp.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { WEB_DIST } from './support/server.js';

/**
 * Admin › Channels › Connection: "Test connection" against the fake providers, and the time of the last
 * webhook. Meta's URL points at the fake Messenger Graph, so the Messenger Page answers; the WhatsApp
 * number's token is not that fake's and is refused (190), as an expired token would be.
 */
describe.runIf(browserAvailable)('Admin › Channels › Test connection', () => {
  let messenger: FakeMessenger;
  let twilio: FakeTwilio;
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;
  let ids: { whatsapp: number; messenger: number; sms: number };

  beforeAll(async () => {
    messenger = await FakeMessenger.start();
    twilio = await startFakeTwilio();
    server = await startHarness('sqlite', { env: { WEB_DIST, META_GRAPH_URL: messenger.url, TWILIO_API_URL: twilio.url } });
    await server.listen();
    admin = await server.user('Root Admin', 'admin');
    const queue = await createQueue(server, admin, { agentIds: [], name: 'Support' });
    const target = { type: 'queue' as const, queueId: queue.id };
    // Only its settings and token matter here: the fake Graph it was made for is not started.
    const whatsapp = await createWhatsAppAccount(server, { options: FAKE_GRAPH_DEFAULTS } as FakeGraph, target);
    const sms = await createSmsAccount(server, target);
    // One number more than the Twilio account has: the test names it.
    const settings = { provider: 'twilio', accountSid: ACCOUNT_SID, phoneNumbers: [OUR_NUMBER, '+4930901820'], messagingServiceSid: '' };
    await server.storage.db
      .updateTable('channel_accounts')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', sms.id)
      .execute();
    expect((await postTwilio(server, sms.key, incomingSms('+491701234567', 'Hello'))).statusCode).toBe(200);
    ids = { whatsapp: whatsapp.id, messenger: (await createMessengerAccount(server, messenger, target)).id, sms: sms.id };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await messenger?.close();
    await twilio?.close();
  });

  async function open(page: Page, id: number) {
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.goto('/#/admin/channels');
    await page.locator(`[data-testid="admin-channel-item"][data-channel-id="${id}"]`).click();
    await page.getByTestId('channel-connection').waitFor();
  }
  async function testConnection(page: Page) {
    await page.getByTestId('channel-test').click();
    await page.getByTestId('channel-test-result').waitFor();
  }
  async function shoot(page: Page, name: string) {
    for (const [width, height, size] of [
      [1366, 850, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(250);
      await page.getByTestId('channel-connection').scrollIntoViewIfNeeded();
      await screenshot(page, `${name}-${size}`);
    }
  }

  it('reports what Twilio answered, the configured number it does not have, and the last webhook', async () => {
    const { page } = await newAgentPage(browser, server.url, 'en-US');
    await signIn(page, admin.email, PASSWORD);
    await open(page, ids.sms);
    expect(await page.getByTestId('channel-last-webhook').textContent()).toMatch(/^Last webhook received /);
    await testConnection(page);
    const result = page.getByTestId('channel-test-result');
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('Connected. Twilio knows this account as Jasper’s Market SMS (+15005550006).');
    expect(await page.getByTestId('channel-test-missing').textContent()).toBe(
      'Not numbers of this Twilio account: +4930901820. Messages from them would be refused.',
    );
    await shoot(page, 'channels-connection-sms-en');
  });

  it('reports the Messenger Page by name, and has seen no webhook yet', async () => {
    const { page } = await newAgentPage(browser, server.url, 'en-US');
    await signIn(page, admin.email, PASSWORD);
    await open(page, ids.messenger);
    expect(await page.getByTestId('channel-last-webhook').textContent()).toContain('No webhook received yet');
    await testConnection(page);
    expect(await page.getByTestId('channel-test-result').textContent()).toContain(`Meta knows this account as Jasper’s Market (${messenger.options.pageId})`);
    expect(messenger.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v23.0/${messenger.options.pageId}`, query: { fields: 'id,name' } });
    await shoot(page, 'channels-connection-messenger-en');
  });

  it('explains in German that Meta refused the WhatsApp token, with Meta’s own words', async () => {
    const { page } = await newAgentPage(browser, server.url, 'de-DE');
    await signIn(page, admin.email, PASSWORD);
    await open(page, ids.whatsapp);
    await testConnection(page);
    const result = page.getByTestId('channel-test-result');
    expect(await result.getAttribute('data-ok')).toBe('false');
    const text = await result.textContent();
    expect(text).toContain('Nicht verbunden. Meta akzeptiert das gespeicherte Zugriffstoken nicht');
    expect(text).toContain('Meta antwortete: „Invalid OAuth access token - Cannot parse access token“ (Code 190)');
    await shoot(page, 'channels-connection-whatsapp-de');
    // The SMS account in German too.
    await open(page, ids.sms);
    await testConnection(page);
    expect(await page.getByTestId('channel-test-result').textContent()).toContain('Verbunden. Twilio kennt dieses Konto als');
    await shoot(page, 'channels-connection-sms-de');
  });
});
