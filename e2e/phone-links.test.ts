import type { Contact, Conversation } from '@switchboard/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

describe.runIf(browserAvailable)('phone numbers in messages', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let context: BrowserContext;
  let page: Page;
  let conversation: Conversation;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    conversation = (
      await server.app.inject({ method: 'POST', url: '/api/conversations', headers: ben.auth, payload: { kind: 'direct', userId: anna.id } })
    ).json() as Conversation;
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: ben.auth,
      payload: {
        clientId: 'phone-e2e-0001',
        body: 'Call the office on 030 1234567 or our US desk on +1 415 555 0100. Order #10421 ships on 2026-11-25 at 10:30 for 1.299,00 €.',
      },
    });
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: ben.auth,
      payload: { clientId: 'phone-e2e-0002', body: 'Tracking: https://x.org/orders/0301234567. Not javascript:alert(1), mail ben@example.org' },
    });
    browser = await launchBrowser();
    ({ context, page } = await newAgentPage(browser, server.url));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, anna.email, PASSWORD);
    await page.goto(`/#/chat/${conversation.id}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the phone numbers, and only them, as links', async () => {
    const links = page.getByTestId('phone-link');
    await expect.poll(() => links.allTextContents()).toEqual(['030 1234567', '+1 415 555 0100']);
    expect(await page.getByTestId('message').first().textContent()).toContain('Order #10421 ships on 2026-11-25 at 10:30 for 1.299,00 €.');
  });

  it('shows web and e-mail addresses as links opening in a new tab, never a script, and no phone link inside them', async () => {
    const links = page.getByTestId('message-link');
    await expect.poll(() => links.allTextContents()).toEqual(['https://x.org/orders/0301234567', 'ben@example.org']);
    expect(await links.first().getAttribute('href')).toBe('https://x.org/orders/0301234567');
    expect(await links.first().getAttribute('target')).toBe('_blank');
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');
    expect(await links.last().getAttribute('href')).toBe('mailto:ben@example.org');
    expect(await page.getByTestId('message').last().textContent()).toContain('Not javascript:alert(1), mail');
  });

  it('offers Call, Add to Contacts and Copy; Copy puts the number on the clipboard', async () => {
    await page.getByTestId('phone-link').first().click();
    const menu = page.getByTestId('phone-menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Call', 'Add to Contacts', 'Copy']);
    expect(await page.getByTestId('phone-call').getAttribute('href')).toBe('tel:+49301234567');
    expect(await page.getByTestId('phone-sms').count()).toBe(0);
    await screenshot(page, 'phone-menu');
    await page.getByTestId('phone-copy').click();
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('+49 30 1234567');
    await expect.poll(() => page.getByTestId('toast').last().textContent()).toContain('Copied +49 30 1234567');
  });

  it('adds a number to my contacts with the contact form, prefilled', async () => {
    await page.getByTestId('phone-link').nth(1).click();
    await page.getByTestId('phone-add-contact').click();
    const form = page.getByTestId('contact-form');
    await form.waitFor();
    expect(await form.getByTestId('contact-phone').inputValue()).toBe('+1 415 555 0100');
    await form.getByTestId('contact-name').fill('US Desk');
    await screenshot(page, 'phone-add-contact');
    await form.getByTestId('contact-save').click();
    await expect.poll(() => form.count()).toBe(0);
    const contacts = (await server.app.inject({ method: 'GET', url: '/api/contacts', headers: anna.auth })).json().contacts as Contact[];
    expect(contacts).toMatchObject([{ name: 'US Desk', phones: ['+1 415 555 0100'] }]);
  });

  it('closes the menu with Escape', async () => {
    await page.getByTestId('phone-link').first().click();
    await page.getByTestId('phone-menu').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('phone-menu').count()).toBe(0);
  });
});
