import type { Conversation } from '@switchboard/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow } from './support/layout.js';
import { startServer } from './support/server.js';

/** Admin › Calls sets where "Call" on a phone number leads; every colleague's Call links follow it. */
describe.runIf(browserAvailable)('click-to-call URL template', () => {
  let server: Harness;
  let browser: Browser;
  let ada: TestUser;
  let anna: TestUser;
  let conversation: Conversation;

  beforeAll(async () => {
    server = await startServer();
    ada = await server.user('Ada Admin', 'admin');
    anna = await server.user('Anna Agent');
    conversation = (
      await server.app.inject({ method: 'POST', url: '/api/conversations', headers: ada.auth, payload: { kind: 'direct', userId: anna.id } })
    ).json() as Conversation;
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: ada.auth,
      payload: { clientId: 'click-to-call-0001', body: 'Ring the office on 030 1234567 please.' },
    });
    await server.app.inject({ method: 'POST', url: '/api/contacts', headers: anna.auth, payload: { name: 'US Desk', phones: ['+1 (415) 555-0100'] } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Anna's Call links, in a message and on a contact, as a fresh page load reads them. */
  const annasCallLinks = async (page: Page) => {
    await page.goto(`/#/chat/${conversation.id}`);
    await page.reload();
    await page.getByTestId('phone-link').first().click();
    const inMessage = await page.getByTestId('phone-call').getAttribute('href');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contact-item').first().click();
    const contact = page.getByTestId('contact-call');
    await expect.poll(() => contact.getAttribute('href')).not.toMatch(/^tel:\+?1415/);
    return { inMessage, onContact: await contact.getAttribute('href') };
  };

  it('an admin sets a SIP template, refused while it lacks {number} or uses another scheme; Call links use it', async () => {
    const { page: annaPage } = await newAgentPage(browser, server.url);
    await signIn(annaPage, anna.email, PASSWORD);
    await annaPage.goto(`/#/chat/${conversation.id}`);
    await annaPage.getByTestId('phone-link').first().click();
    expect(await annaPage.getByTestId('phone-call').getAttribute('href')).toBe('tel:+49301234567');
    await annaPage.keyboard.press('Escape');

    const { page } = await newAgentPage(browser, server.url);
    await signIn(page, ada.email, PASSWORD);
    await page.goto('/#/admin/calls');
    const field = page.getByTestId('click-to-call-template');
    await field.fill('sip:pbx.example.com');
    expect(await page.getByTestId('click-to-call-error').textContent()).toContain('Write {number} where the phone number goes');
    expect(await page.getByTestId('click-to-call-save').isDisabled()).toBe(true);
    await field.fill('javascript:alert({number})');
    expect(await page.getByTestId('click-to-call-error').textContent()).toContain('Start with tel:, sip:');
    await field.fill('sip:{number}@pbx.example.com');
    expect(await page.getByTestId('click-to-call-preview').textContent()).toBe('sip:%2B49301234567@pbx.example.com');
    await page.getByTestId('click-to-call-save').click();
    await expect.poll(() => page.getByTestId('toast').last().textContent()).toContain('Click-to-call saved.');

    expect(await annasCallLinks(annaPage)).toEqual({
      inMessage: 'sip:%2B49301234567@pbx.example.com',
      onContact: 'sip:%2B14155550100@pbx.example.com',
    });

    await field.fill('https://pbx.example.com/dial?n={number}');
    await page.getByTestId('click-to-call-save').click();
    await expect.poll(() => page.getByTestId('click-to-call-save').isDisabled()).toBe(true);
    expect(await annasCallLinks(annaPage)).toEqual({
      inMessage: 'https://pbx.example.com/dial?n=%2B49301234567',
      onContact: 'https://pbx.example.com/dial?n=%2B14155550100',
    });
    // The contact's number in the Team view calls the same way.
    await annaPage.getByTestId('nav-team').click();
    await annaPage.getByTestId('contacts-toggle').click();
    const inTeam = annaPage.getByTestId('team-contact-call').first();
    await expect.poll(() => inTeam.getAttribute('href')).toBe('https://pbx.example.com/dial?n=%2B14155550100');
  });

  for (const [locale, language] of [
    ['en-US', 'en'],
    ['de-DE', 'de'],
  ] as const) {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`shows Admin › Calls on a ${size} in ${language}, nothing sideways`, async () => {
        const { context, page } = await newPageAt(browser, server.url, viewport, locale);
        await signIn(page, ada.email, PASSWORD);
        await page.goto('/#/admin/calls');
        await page.getByTestId('click-to-call-template').fill('sip:pbx.example.com');
        await page.getByTestId('click-to-call-error').waitFor();
        if (language === 'de') expect(await page.getByTestId('click-to-call-error').textContent()).toContain('Schreiben Sie {number}');
        await screenshot(page, `admin-calls-error-${size}-${language}`);
        await page.getByTestId('click-to-call-template').fill('https://pbx.example.com/dial?n={number}');
        await page.getByTestId('click-to-call-preview').waitFor();
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `admin-calls-${size}-${language}`);
        await context.close();
      });
    }
  }
});
