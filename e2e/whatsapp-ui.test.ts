import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_GRAPH_DEFAULTS, type FakeGraph } from '../server/src/testing/fake-graph.js';
import { graphError } from '../server/src/testing/fake-meta.js';
import { type Harness, PASSWORD, startHarness, type TestUser } from '../server/src/testing/harness.js';
import { createWhatsAppAccount, postWebhook, providerNow, startFakeGraph } from '../server/src/testing/whatsapp.js';
import { waContact, waMessage, waStatus, waWebhook } from '../server/src/testing/whatsapp-webhooks.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { openCustomerChat } from './support/chat.js';
import { WEB_DIST } from './support/server.js';

const HOUR = 3_600_000;

/**
 * A WhatsApp chat end to end: the real server with its webhook inbox and outbox, against the fake Graph
 * API; the agent answers in the browser and sees what became of each message.
 */
describe.runIf(browserAvailable)('an agent answering on WhatsApp', () => {
  let fake: FakeGraph;
  let server: Harness;
  let browser: Browser;
  let agent: TestUser;
  let key: string;

  async function webhook(value: Parameters<typeof waWebhook>[1]) {
    const response = await postWebhook(server, key, waWebhook(FAKE_GRAPH_DEFAULTS.phoneNumberId, value));
    expect(response.statusCode).toBe(200);
  }

  async function customerWrites(from: string, name: string, body: string, shiftMs = 0) {
    await webhook({ contacts: [waContact(from, name)], messages: [waMessage('text', { body }, { from, timestamp: providerNow(shiftMs) })] });
  }

  beforeAll(async () => {
    fake = await startFakeGraph();
    server = await startHarness('sqlite', { env: { WEB_DIST, META_GRAPH_URL: fake.url } });
    await server.listen();
    agent = await server.user('Anna Berger');
    ({ key } = await createWhatsAppAccount(
      server,
      fake,
      { type: 'extension', userId: agent.id },
      { templates: [{ name: 'order_update', language: 'en_US', body: 'Hello {{1}}, your order {{2}} has shipped.', parameterCount: 2 }] },
    ));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  it('shows my reply go from sending to delivered and read, the customer’s reaction, and a failure with Retry', async () => {
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await customerWrites('4915123456789', 'Jana Fischer', 'Hallo, where is my parcel?');
    await openCustomerChat(page, 'Jana Fischer');
    expect(await page.getByTestId('conversation-title').getByTestId('channel-icon').getAttribute('data-channel')).toBe('whatsapp');
    expect(await page.getByTestId('reply-window').textContent()).toMatch(/^Reply window open for 2[34] h \d+ min$/);

    await page.getByTestId('composer').fill('It arrives tomorrow.');
    await page.getByTestId('send-button').click();
    const mark = page.getByTestId('message').filter({ hasText: 'It arrives tomorrow.' }).getByTestId('delivery-mark');
    // The outbox hands it to WhatsApp, which answers with its id: sent.
    await expect.poll(() => mark.getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
    const wamid = 'wamid.FAKE000001';
    await webhook({ statuses: [waStatus(wamid, 'delivered', { recipientId: '4915123456789', timestamp: providerNow() })] });
    await expect.poll(() => mark.getAttribute('data-state')).toBe('delivered');
    await webhook({ statuses: [waStatus(wamid, 'read', { recipientId: '4915123456789', timestamp: providerNow(1000) })] });
    await expect.poll(() => mark.getAttribute('data-state')).toBe('read');
    expect(await mark.getAttribute('aria-label')).toBe('Read');
    // The list's last message follows too.
    expect(await page.getByTestId('recents-item').filter({ hasText: 'Jana Fischer' }).getByTestId('delivery-mark').getAttribute('data-state')).toBe('read');

    // The customer reacts to it.
    await webhook({
      contacts: [waContact('4915123456789', 'Jana Fischer')],
      messages: [waMessage('reaction', { message_id: wamid, emoji: '👍' }, { from: '4915123456789', timestamp: providerNow() })],
    });
    await expect.poll(() => page.getByTestId('reaction').getAttribute('aria-label')).toBe('👍 from Jana Fischer');

    // WhatsApp refuses the next one: the reason in the agent's language, and Retry sends it again.
    fake.script('messages', graphError(131026, 'Message undeliverable'));
    await page.getByTestId('composer').fill('Shall I send the invoice too?');
    await page.getByTestId('send-button').click();
    const failed = page.getByTestId('message').filter({ hasText: 'Shall I send the invoice too?' });
    await expect.poll(() => failed.getByTestId('delivery-mark').getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
    expect(await failed.getByTestId('delivery-failure').textContent()).toContain('WhatsApp could not deliver it');
    await screenshot(page, 'whatsapp-e2e-delivery');
    await failed.getByTestId('delivery-retry').click();
    await expect.poll(() => failed.getByTestId('delivery-mark').getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
    expect(await failed.getByTestId('delivery-failure').count()).toBe(0);
    await context.close();
  });

  it('offers only a template once the customer last wrote more than 24 hours ago, and sends it', async () => {
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await customerWrites('4917098765432', 'Tom Becker', 'Is the shop open on Sunday?', -25 * HOUR);
    await openCustomerChat(page, 'Tom Becker');
    await page.getByTestId('reply-window-closed').waitFor();
    expect(await page.getByTestId('composer').count()).toBe(0);
    await page.getByTestId('send-template').click();
    await page.getByTestId('channel-template-select').selectOption({ index: 1 });
    await page.getByTestId('channel-template-parameter').nth(0).fill('Tom');
    await page.getByTestId('channel-template-parameter').nth(1).fill('A-4711');
    expect(await page.getByTestId('channel-template-preview').textContent()).toBe('Hello Tom, your order A-4711 has shipped.');
    await page.getByRole('button', { name: 'Send template' }).last().click();
    await page.getByTestId('message').filter({ hasText: 'Hello Tom, your order A-4711 has shipped.' }).waitFor();
    await expect.poll(() => fake.sent.some((s) => s.type === 'template')).toBe(true);
    const template = fake.sent.find((s) => s.type === 'template') as { to: string; template: { name: string } };
    expect(template.template.name).toBe('order_update');
    await context.close();
  });

  it('starts a WhatsApp chat with a number from the new-chat menu; the new conversation opens', async () => {
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('new-chat-menu').click();
    await page.getByTestId('new-whatsapp-chat').click();
    await page.getByTestId('start-whatsapp-dialog').waitFor();
    await page.getByTestId('start-whatsapp-phone').fill('+49 151 44455566');
    await page.getByTestId('start-whatsapp-name').fill('Lea Wagner');
    // The account's approved templates are listed (GET /api/channels/:id/templates): pick one, fill its parameters.
    await page.getByTestId('channel-template-select').selectOption('order_update|en_US');
    await page.getByTestId('channel-template-parameter').nth(0).fill('Lea');
    await page.getByTestId('channel-template-parameter').nth(1).fill('B-1234');
    await page.getByTestId('channel-template-preview').filter({ hasText: 'Hello Lea, your order B-1234 has shipped.' }).waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByTestId('message').filter({ hasText: 'Hello Lea, your order B-1234 has shipped.' }).waitFor();
    expect(await page.getByTestId('conversation-title').textContent()).toContain('Lea Wagner');
    await expect.poll(() => fake.sent.some((s) => s.type === 'template' && s.to === '4915144455566')).toBe(true);
    await context.close();
  });
});
