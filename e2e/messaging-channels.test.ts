import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../server/src/testing/customer-chat.js';
import { FakeMessenger } from '../server/src/testing/fake-messenger.js';
import type { FakeTwilio } from '../server/src/testing/fake-twilio.js';
import { type Harness, PASSWORD, startHarness, type TestUser } from '../server/src/testing/harness.js';
import { createMessengerAccount, fbDelivery, fbMessage, fbRead, fbWebhook } from '../server/src/testing/messenger.js';
import { createSmsAccount, incomingSms, OUR_NUMBER, postTwilio, startFakeTwilio, statusCallback } from '../server/src/testing/sms.js';
import { postWebhook } from '../server/src/testing/whatsapp.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { openCustomerChat, sendReply } from './support/chat.js';
import { WEB_DIST } from './support/server.js';

const CUSTOMER_PHONE = '+491701234567';
const PSID = '24601234567890123';

/**
 * SMS and Messenger end to end: the real server with its webhook inbox and outbox against the fake Twilio
 * and the fake Messenger Graph API; each customer's message reaches the queue, the agent takes and answers
 * it in the browser, the fake receives the reply, and the provider's delivery reports show in the chat.
 */
describe.runIf(browserAvailable)('an agent answering SMS and Messenger from a queue', () => {
  let twilio: FakeTwilio;
  let messenger: FakeMessenger;
  let server: Harness;
  let browser: Browser;
  let agent: TestUser;
  let smsKey: string;
  let messengerKey: string;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    messenger = await FakeMessenger.start();
    messenger.profiles.set(PSID, { first_name: 'Jane', last_name: 'Doe' });
    server = await startHarness('sqlite', { env: { WEB_DIST, TWILIO_API_URL: twilio.url, META_GRAPH_URL: messenger.url } });
    await server.listen();
    const admin = await server.user('Root Admin', 'admin');
    agent = await server.user('Anna Berger');
    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [agent.id], name: 'Support' });
    await server.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: agent.auth, payload: { loggedIn: true } });
    smsKey = (await createSmsAccount(server, { type: 'queue', queueId: queue.id })).key;
    messengerKey = (await createMessengerAccount(server, messenger, { type: 'queue', queueId: queue.id })).key;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await twilio?.close();
    await messenger?.close();
    expect(twilio?.violations).toEqual([]);
    expect(messenger?.violations).toEqual([]);
  });

  /** The dialog at both sizes (a sheet on the phone), then back. */
  async function shootDialog(page: Page, name: string) {
    for (const [width, height, size] of [
      [1366, 850, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(500);
      await screenshot(page, `${name}-${size}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  it('an SMS reaches the queue, the agent takes and answers it, Twilio sends it and reports it delivered', async () => {
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    expect((await postTwilio(server, smsKey, incomingSms(CUSTOMER_PHONE, 'Hi, is my order on its way?'))).statusCode).toBe(200);
    const item = page.getByTestId('recents-item').filter({ hasText: CUSTOMER_PHONE });
    await item.waitFor();
    expect(await item.getByTestId('channel-icon').getAttribute('data-channel')).toBe('sms');

    // Offered from the queue: taken here.
    await openCustomerChat(page, CUSTOMER_PHONE, { offered: true });
    const mark = await sendReply(page, 'Yes, it ships today.');
    await expect.poll(() => mark.getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
    const sms = twilio.sent.at(-1)!;
    expect(sms.form).toMatchObject({ To: CUSTOMER_PHONE, From: OUR_NUMBER, Body: 'Yes, it ships today.' });

    expect((await postTwilio(server, smsKey, statusCallback(sms.sid, 'delivered', CUSTOMER_PHONE))).statusCode).toBe(200);
    await expect.poll(() => mark.getAttribute('data-state'), { timeout: 10_000 }).toBe('delivered');
    expect(await mark.getAttribute('aria-label')).toBe('Delivered');

    // Twilio cannot deliver the next one: failed, with the reason in the agent's words.
    const second = await sendReply(page, 'Shall I text you the tracking link?');
    await expect.poll(() => twilio.sent.length, { timeout: 10_000 }).toBe(2);
    await postTwilio(server, smsKey, statusCallback(twilio.sent[1]!.sid, 'undelivered', CUSTOMER_PHONE, '30003'));
    await expect.poll(() => second.getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
    const failed = page.getByTestId('message').filter({ hasText: 'Shall I text you the tracking link?' });
    expect(await failed.getByTestId('delivery-failure').textContent()).toMatch(/unreachable/i);
    await screenshot(page, 'sms-e2e-delivery');

    // A 6 MB photo: more than an MMS carries (5 MB), so the composer refuses it before uploading anything.
    const uploads: string[] = [];
    page.on('request', (r) => r.url().endsWith('/files') && uploads.push(r.url()));
    const big = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#36c' } })
      .png()
      .toBuffer();
    await page
      .getByTestId('attach-input')
      .setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.concat([big, Buffer.alloc(6 * 1024 * 1024)]) });
    const refused = page.getByTestId('upload');
    expect(await refused.getAttribute('data-status')).toBe('failed');
    expect(await refused.textContent()).toContain('Not sent: SMS/MMS carries files up to 5 MB.');
    await screenshot(page, 'sms-e2e-file-refused');
    await page.getByTestId('upload-cancel').click();
    // A small one waits until Send, then goes out as an MMS: Twilio fetched it from our signed link.
    await page.getByTestId('attach-input').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: big });
    await expect.poll(() => page.getByTestId('upload').getAttribute('data-status')).toBe('ready');
    await page.getByTestId('send-button').click();
    await expect.poll(() => twilio.sent.length, { timeout: 10_000 }).toBe(3);
    expect(twilio.sent[2]!.media.map((m) => [m.status, m.type])).toEqual([[200, 'image/png']]);
    expect(uploads).toHaveLength(1);
    await context.close();
  });

  it('sends an SMS from a number in a message: the dialog shows it as dialled, the new chat opens, Twilio sends it', async () => {
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    expect((await postTwilio(server, smsKey, incomingSms('+491709876543', 'Please text my wife on 0151 23456789'))).statusCode).toBe(200);
    await openCustomerChat(page, '+491709876543', { offered: true });
    await page.getByTestId('phone-link').filter({ hasText: '0151 23456789' }).click();
    await page.getByTestId('phone-sms').click();
    const dialog = page.getByTestId('start-sms-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('start-sms-phone').inputValue()).toBe('+4915123456789');
    await expect.poll(() => dialog.textContent()).toContain('Sends to +49 1512 3456789');
    await page.getByTestId('start-sms-name').fill('Eva Berger');
    await page.getByTestId('start-sms-body').fill('Hello Eva, your husband asked us to send you the pickup code: 4711.');
    await shootDialog(page, 'start-sms-dialog-en');
    await page.getByRole('button', { name: 'Send SMS' }).click();
    await page.getByTestId('message').filter({ hasText: 'the pickup code: 4711' }).waitFor();
    // The chat opens once the request answered; on a loaded machine the message can show a moment before.
    await expect.poll(() => page.getByTestId('conversation-title').textContent()).toContain('Eva Berger');
    await expect.poll(() => twilio.sent.some((s) => s.form.To === '+4915123456789' && s.form.Body?.includes('4711'))).toBe(true);
    await context.close();
  });

  it('starts an SMS from the new-chat menu in German; a national number is read in the account’s country', async () => {
    const { context, page } = await newAgentPage(browser, server.url, 'de-DE');
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('new-chat-menu').click();
    await page.getByTestId('new-sms-chat').click();
    const dialog = page.getByTestId('start-sms-dialog');
    await dialog.waitFor();
    // The account's own number is American: (201) 555-0123 is read as a US number.
    await page.getByTestId('start-sms-phone').fill('(201) 555-0123');
    await expect.poll(() => dialog.textContent()).toContain('Wird an +1 201 555 0123 gesendet');
    await page.getByTestId('start-sms-body').fill('Ihre Bestellung ist versandt.');
    await shootDialog(page, 'start-sms-dialog-de');
    // Not a number: said before anything is sent.
    await page.getByTestId('start-sms-phone').fill('12');
    await page.getByRole('button', { name: 'SMS senden' }).click();
    await page.getByText('Das ist keine Telefonnummer').waitFor();
    await page.getByTestId('start-sms-phone').fill('(201) 555-0123');
    await page.getByRole('button', { name: 'SMS senden' }).click();
    await page.getByTestId('message').filter({ hasText: 'Ihre Bestellung ist versandt.' }).waitFor();
    await expect.poll(() => twilio.sent.some((s) => s.form.To === '+12015550123')).toBe(true);
    await context.close();
  });

  it('sends an SMS to a contact’s number from Contacts', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: agent.auth,
      payload: { name: 'Paul Wagner', company: 'Wagner GmbH', phones: ['+49 30 901820'], emails: [] },
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-item').filter({ hasText: 'Paul Wagner' }).click();
    await page.getByTestId('contact-sms').click();
    await page.getByTestId('start-sms-dialog').waitFor();
    expect(await page.getByTestId('start-sms-phone').inputValue()).toBe('+49 30 901820');
    await page.getByTestId('start-sms-body').fill('Your delivery arrives at 10.');
    await page.getByRole('button', { name: 'Send SMS' }).click();
    await page.getByTestId('message').filter({ hasText: 'Your delivery arrives at 10.' }).waitFor();
    await expect.poll(() => twilio.sent.some((s) => s.form.To === '+4930901820')).toBe(true);
    await context.close();
  });

  it('a Messenger message reaches the queue, the agent takes and answers it, Meta gets it, delivered then read', async () => {
    const { context, page } = await newAgentPage(browser, server.url);
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    const page_ = messenger.options.pageId;
    messenger.lastInbound.set(PSID, Date.now());
    expect((await postWebhook(server, messengerKey, fbWebhook(page_, fbMessage(page_, PSID, { text: 'Do you ship to Austria?' })))).statusCode).toBe(200);
    const item = page.getByTestId('recents-item').filter({ hasText: 'Jane Doe' });
    await item.waitFor();
    expect(await item.getByTestId('channel-icon').getAttribute('data-channel')).toBe('messenger');

    await openCustomerChat(page, 'Jane Doe', { offered: true });
    expect(await page.getByTestId('conversation-title').getByTestId('channel-icon').getAttribute('data-channel')).toBe('messenger');
    expect(await page.getByTestId('reply-window').textContent()).toMatch(/^Reply window open for 2[34] h \d+ min$/);
    const mark = await sendReply(page, 'Yes, in 3 to 5 days.');
    await expect.poll(() => mark.getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
    expect(messenger.sent.at(-1)).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Yes, in 3 to 5 days.' } });

    await postWebhook(server, messengerKey, fbWebhook(page_, fbDelivery(page_, PSID, undefined, Date.now())));
    await expect.poll(() => mark.getAttribute('data-state'), { timeout: 10_000 }).toBe('delivered');
    await postWebhook(server, messengerKey, fbWebhook(page_, fbRead(page_, PSID, Date.now())));
    await expect.poll(() => mark.getAttribute('data-state'), { timeout: 10_000 }).toBe('read');
    expect(await mark.getAttribute('aria-label')).toBe('Read');
    await screenshot(page, 'messenger-e2e-delivery');
    await context.close();
  });
});
