import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, PASSWORD, startHarness, type TestUser } from '../server/src/testing/harness.js';
import { createSmsAccount, incomingSms, postTwilio } from '../server/src/testing/sms.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { WEB_DIST } from './support/server.js';

/** An SMS chat in the browser: the agent sees how many SMS the reply becomes while typing. */
describe.runIf(browserAvailable)('an agent writing an SMS', () => {
  let server: Harness;
  let browser: Browser;
  let agent: TestUser;

  beforeAll(async () => {
    server = await startHarness('sqlite', { env: { WEB_DIST } });
    await server.listen();
    agent = await server.user('Anna Berger');
    const { key } = await createSmsAccount(server, { type: 'extension', userId: agent.id });
    expect((await postTwilio(server, key, incomingSms('+491701234567', 'Is my order on its way?'))).statusCode).toBe(200);
    await server.services.channels.workers.settle();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('counts characters and SMS under the composer, in GSM-7 and with an emoji', async () => {
    const { page } = await newAgentPage(browser, server.url, 'en-US');
    await page.setViewportSize({ width: 1366, height: 850 });
    await signIn(page, agent.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('recents-item').filter({ hasText: '+491701234567' }).click();
    await page.getByTestId('message').first().waitFor();
    if (await page.getByTestId('take-button').isVisible()) await page.getByTestId('take-button').click();

    expect(await page.getByTestId('sms-count').count()).toBe(0);
    await page.getByTestId('composer').fill('Yes, it ships today.');
    expect(await page.getByTestId('sms-count').textContent()).toBe('20 characters · 1 SMS · 140 left in it');
    await page.getByTestId('composer').fill(`${'a'.repeat(150)} 👍`);
    expect(await page.getByTestId('sms-count').textContent()).toBe('153 characters · 3 SMS (special characters: 67 per part) · 48 left in the last');
    await screenshot(page, 'sms-composer-count-desktop');
  });
});
