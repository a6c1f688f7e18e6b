import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow } from './support/layout.js';
import { startServer } from './support/server.js';

/** I edit and delete my own message; my colleague sees "edited" and "deleted" live, in their language. */
describe.runIf(browserAvailable)('editing and deleting my messages in the web client', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let chat: number;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    chat = (await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } })).json().id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(user: TestUser, viewport: typeof DESKTOP | typeof PHONE, locale: string): Promise<Page> {
    const { page } = await newPageAt(browser, server.url, viewport, locale);
    await signIn(page, user.email, PASSWORD);
    await page.goto(`/#/chat/${chat}`);
    await page.getByTestId('composer').waitFor();
    return page;
  }

  it('edits and deletes, and the colleague sees the marks (desktop English, phone German)', async () => {
    const annaPage = await open(anna, DESKTOP, 'en-US');
    const benPage = await open(ben, PHONE, 'de-DE');
    await annaPage.getByTestId('composer').fill('Meeting at 10');
    await annaPage.getByTestId('composer').press('Enter');
    await annaPage.getByTestId('composer').fill('Wrong chat, sorry');
    await annaPage.getByTestId('composer').press('Enter');
    const mine = annaPage.locator('[data-testid="message"][data-status="sent"]');
    await expect.poll(() => mine.count()).toBe(2);

    await mine.first().hover();
    await mine.first().getByTestId('message-edit').click();
    await annaPage.getByTestId('message-edit-box').fill('Meeting at 11');
    await screenshot(annaPage, 'edit-desktop-en-editing');
    await annaPage.getByTestId('message-edit-save').click();
    await mine.nth(1).hover();
    await mine.nth(1).getByTestId('message-delete').click();
    await annaPage.getByTestId('confirm-button').click();
    await expect.poll(() => annaPage.getByTestId('message-deleted').count()).toBe(1);
    await screenshot(annaPage, 'edit-desktop-en-done');

    const theirs = benPage.getByTestId('message');
    await expect.poll(() => theirs.first().textContent()).toContain('Meeting at 11 (bearbeitet)');
    await expect.poll(() => theirs.nth(1).textContent()).toBe('Diese Nachricht wurde gelöscht');
    // Ben may not change Anna's messages: no actions for him.
    expect(await benPage.getByTestId('message-edit').count()).toBe(0);
    expect(await sidewaysOverflow(benPage, PHONE.width)).toBeLessThanOrEqual(0);
    await screenshot(benPage, 'edit-phone-de-seen');
    await Promise.all([annaPage.context().close(), benPage.context().close()]);
  });
});
