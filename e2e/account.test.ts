import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { startSmtp, type TestSmtp } from '../server/src/testing/smtp.js';
import { browserAvailable, launchBrowser, screenshot } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

const SIZES: [string, Viewport][] = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];
const LOCALES = [
  ['en', 'en-US'],
  ['de', 'de-DE'],
] as const;

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-team').waitFor();
}

describe.runIf(browserAvailable)('my account and an admin password reset, in the browser', () => {
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;
  let anna: TestUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows My account without sideways scrolling at both widths, in English and German', async () => {
    for (const [size, viewport] of SIZES) {
      for (const [language, locale] of LOCALES) {
        const { context, page } = await newPageAt(browser, server.url, viewport, locale);
        await signIn(page, anna.email, PASSWORD);
        await page.goto('/#/settings/account');
        await page.getByTestId('account-password-form').waitFor();
        expect(await page.getByTestId('account-name').inputValue()).toBe('Anna Agent');
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `account-${size}-${language}`);
        await context.close();
      }
    }
  });

  it('renames me from the user menu, and the top bar follows', async () => {
    const { context, page } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await signIn(page, anna.email, PASSWORD);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('my-account').click();
    await page.getByTestId('account-name').fill('Anna Schmidt');
    await page.getByTestId('account-name-save').click();
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('Anna Schmidt');
    const me = (await server.app.inject({ method: 'GET', url: '/api/me', headers: anna.auth })).json() as { user: { name: string } };
    expect(me.user.name).toBe('Anna Schmidt');
    await context.close();
  });

  it('changes my password: a wrong current one is told at the form, the right one signs out my other browser', async () => {
    const other = await newPageAt(browser, server.url, PHONE, 'en-US');
    await signIn(other.page, anna.email, PASSWORD);
    const { context, page } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await signIn(page, anna.email, PASSWORD);
    await page.goto('/#/settings/account');
    await page.getByTestId('account-current-password').fill('not-my-password');
    await page.getByTestId('account-new-password').fill('annas-new-secret');
    await page.getByTestId('account-repeat-password').fill('annas-new-secret');
    await page.getByTestId('account-password-save').click();
    expect(await page.getByTestId('account-password-error').textContent()).toBe('The current password is not correct.');
    await page.getByTestId('account-current-password').fill(PASSWORD);
    await page.getByTestId('account-password-save').click();
    await page.getByText('Password changed. Your other sessions were signed out.').waitFor();
    await screenshot(page, 'account-password-changed-desktop-en');
    // The other browser's socket was closed as signed out: it shows the sign-in screen by itself.
    await other.page.getByTestId('login-email').waitFor();
    // This one stays signed in.
    await page.reload();
    await page.getByTestId('account-password-form').waitFor();
    await other.context.close();
    await context.close();
    anna = await server.login(anna.email, 'annas-new-secret');
  });

  it('shows the reset step of Admin › Users at both widths, in English and German', async () => {
    for (const [size, viewport] of SIZES) {
      for (const [language, locale] of LOCALES) {
        const { context, page } = await newPageAt(browser, server.url, viewport, locale);
        await signIn(page, admin.email, PASSWORD);
        await page.goto('/#/admin/users');
        await page.locator(`[data-testid="admin-user-row"][data-user-id="${anna.id}"]`).getByTestId('admin-user-edit').click();
        await page.getByTestId('password-reset-start').click();
        await page.getByTestId('password-reset-confirm').waitFor();
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `admin-password-reset-confirm-${size}-${language}`);
        await context.close();
      }
    }
  });

  it('lets an admin reset a password to a one-time password, which signs in only to choose a new one', async () => {
    const adminPage = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await signIn(adminPage.page, admin.email, PASSWORD);
    await adminPage.page.goto('/#/admin/users');
    await adminPage.page.locator(`[data-testid="admin-user-row"][data-user-id="${anna.id}"]`).getByTestId('admin-user-edit').click();
    await adminPage.page.getByTestId('password-reset-start').click();
    await adminPage.page.getByTestId('password-reset-confirm').click();
    const oneTime = (await adminPage.page.getByTestId('one-time-password').textContent()) ?? '';
    expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await screenshot(adminPage.page, 'admin-password-reset-desktop-en');
    await adminPage.context.close();

    const { context, page } = await newPageAt(browser, server.url, PHONE, 'de-DE');
    await page.goto('/');
    await page.getByTestId('login-email').fill(anna.email);
    await page.getByTestId('login-password').fill(oneTime);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('choose-password-form').waitFor();
    expect(await sidewaysOverflow(page, PHONE.width)).toBeLessThanOrEqual(0);
    await screenshot(page, 'choose-password-phone-de');
    await page.getByTestId('new-password').fill('annas-own-choice');
    await page.getByTestId('new-password-repeat').fill('annas-own-choice');
    await page.getByTestId('choose-password-submit').click();
    await page.getByTestId('nav-team').waitFor();
    await context.close();
    expect((await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: anna.email, password: oneTime } })).statusCode).toBe(401);
    await server.login(anna.email, 'annas-own-choice');
  });

  it('offers no "Forgot password" where the server cannot send email', async () => {
    const { context, page } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    const options = page.waitForResponse((r) => r.url().endsWith('/api/auth/options'));
    await page.goto('/');
    expect(await (await options).json()).toEqual({ passwordReset: false });
    await page.getByTestId('login-email').waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await page.getByTestId('forgot-password').count()).toBe(0);
    await context.close();
  });
});

describe.runIf(browserAvailable)('forgot password by email, in the browser', () => {
  let smtp: TestSmtp;
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({ SMTP_URL: smtp.url, PASSWORD_RESET_LIMIT: '100' });
    anna = await server.user('Anna Agent');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('shows the steps at both widths, in English and German', async () => {
    for (const [size, viewport] of SIZES) {
      for (const [language, locale] of LOCALES) {
        const { context, page } = await newPageAt(browser, server.url, viewport, locale);
        await page.goto('/');
        await page.getByTestId('forgot-password').click();
        await page.getByTestId('forgot-email').fill('someone@example.test');
        await screenshot(page, `forgot-${size}-${language}`);
        await page.getByTestId('forgot-submit').click();
        await page.getByTestId('forgot-sent').waitFor();
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `forgot-sent-${size}-${language}`);
        await page.goto('/#/reset-password/not-a-real-token');
        await page.getByTestId('reset-password-form').waitFor();
        await page.getByTestId('new-password').fill('whatever-long');
        await page.getByTestId('new-password-repeat').fill('whatever-long');
        await page.getByTestId('reset-password-submit').click();
        await page.getByTestId('reset-ask-again').waitFor();
        await screenshot(page, `reset-invalid-${size}-${language}`);
        await context.close();
      }
    }
  });

  it('mails a link that sets a new password and signs in, once', async () => {
    const { context, page } = await newPageAt(browser, server.url, PHONE, 'en-US');
    await page.goto('/');
    await page.getByTestId('forgot-password').click();
    await page.getByTestId('forgot-email').fill(anna.email);
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('forgot-sent').waitFor();
    await expect.poll(() => smtp.received.filter((m) => m.text?.includes('reset-password')).length, { timeout: 5000 }).toBeGreaterThan(0);
    const mail = smtp.received.at(-1)!;
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address).toBe(anna.email);
    const link = /(http:\/\/\S+\/#\/reset-password\/[\w-]+)/.exec(mail.text ?? '')![1]!;
    await page.goto(link);
    await page.getByTestId('new-password').fill('a-fresh-password');
    await page.getByTestId('new-password-repeat').fill('a-fresh-password');
    await page.getByTestId('reset-password-submit').click();
    await page.getByTestId('nav-team').waitFor();
    await context.close();
    await server.login(anna.email, 'a-fresh-password');

    const again = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await again.page.goto(link);
    await again.page.getByTestId('new-password').fill('another-password');
    await again.page.getByTestId('new-password-repeat').fill('another-password');
    await again.page.getByTestId('reset-password-submit').click();
    await again.page.getByTestId('reset-ask-again').waitFor();
    await again.context.close();
  });
});
