import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow } from './support/layout.js';
import { startServer } from './support/server.js';

/** Favourites as the manual has them: a section on top of Team, and a "Favourites" choice under View. */
describe.runIf(browserAvailable)('favourites in the Team view', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  let dora: TestUser;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    clara = await server.user('Clara Cruz');
    dora = await server.user('Dora Diaz');
    const members = [anna, ben, clara, dora].map((u) => ({ userId: u.id, isManager: false }));
    await server.app.inject({ method: 'POST', url: '/api/admin/groups', headers: admin.auth, payload: { name: 'Sales', members } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const namesIn = (page: Page, section: string) => page.getByTestId(section).locator('[data-testid="team-member"] .member__name').allTextContents();
  const star = (page: Page, user: TestUser) => page.locator(`[data-testid="team-member"][data-user-id="${user.id}"]`).getByTestId('favourite-toggle');

  it('moves a starred colleague into Favourites on top, kept after a reload, and out again', async () => {
    const { context, page } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await page.goto('/');
    await page.getByTestId('login-email').fill(anna.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('members-section').waitFor();
    expect(await page.getByTestId('favourites-section').count()).toBe(0);
    expect(await namesIn(page, 'members-section')).toEqual(['Ben Berger', 'Clara Cruz', 'Dora Diaz']);

    await star(page, dora).click();
    await star(page, ben).click();
    await expect.poll(() => namesIn(page, 'favourites-section')).toEqual(['Ben Berger', 'Dora Diaz']);
    expect(await namesIn(page, 'members-section')).toEqual(['Clara Cruz']);
    const sections = await page
      .locator('[data-testid="favourites-section"], [data-testid="members-section"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(sections).toEqual(['favourites-section', 'members-section']);

    await page.reload();
    await expect.poll(() => namesIn(page, 'favourites-section')).toEqual(['Ben Berger', 'Dora Diaz']);
    await star(page, ben).click();
    await expect.poll(() => namesIn(page, 'favourites-section')).toEqual(['Dora Diaz']);
    expect(await namesIn(page, 'members-section')).toEqual(['Ben Berger', 'Clara Cruz']);
    await star(page, ben).click();
    await expect.poll(() => namesIn(page, 'favourites-section')).toEqual(['Ben Berger', 'Dora Diaz']);
    await context.close();
  });

  it('offers "Favourites" under View, showing only them, at both widths in English and German', async () => {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      for (const [language, locale, label] of [
        ['en', 'en-US', 'Favourites'],
        ['de', 'de-DE', 'Favoriten'],
      ] as const) {
        const { context, page } = await newPageAt(browser, server.url, viewport, locale);
        await page.goto('/');
        await page.getByTestId('login-email').fill(anna.email);
        await page.getByTestId('login-password').fill(PASSWORD);
        await page.getByTestId('login-submit').click();
        await page.getByTestId('favourites-section').waitFor();
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `team-favourites-${size}-${language}`);
        expect(await page.getByTestId('view-select').locator('option').allTextContents()).toContain(label);
        await page.getByTestId('view-select').selectOption('favourites');
        await expect.poll(() => page.getByTestId('members-section').count()).toBe(0);
        expect(await namesIn(page, 'favourites-section')).toEqual(['Ben Berger', 'Dora Diaz']);
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `team-view-favourites-${size}-${language}`);
        await context.close();
      }
    }
  });

  it('tells how to add favourites when there are none in the Favourites view', async () => {
    const { context, page } = await newPageAt(browser, server.url, PHONE, 'en-US');
    await page.goto('/');
    await page.getByTestId('login-email').fill(clara.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('members-section').waitFor();
    await page.getByTestId('view-select').selectOption('favourites');
    await page.getByText('No favourites yet').waitFor();
    await screenshot(page, 'team-view-favourites-empty-phone-en');
    await context.close();
  });
});
