import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../server/src/testing/databases.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { DESKTOP, inView, newPageAt, PHONE, sidewaysOverflow, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

/**
 * The sidebar's search finds words in the text of my conversations' messages, under the people it finds;
 * a result opens the chat scrolled to the message, which is marked. On both databases (FTS5, tsvector).
 */
describe.runIf(browserAvailable).each(dialects)('message search in the web client on %s', (dialect) => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let withBen: number;
  let keyMessage: number;

  const api = async (user: TestUser, url: string, payload: object) => {
    const response = await server.app.inject({ method: 'POST', url, headers: user.auth, payload });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
    return response.json() as { id: number };
  };
  let sent = 0;
  const say = (user: TestUser, conversationId: number, body: string) =>
    api(user, `/api/conversations/${conversationId}/messages`, { clientId: `search-e2e-${sent++}`, body });

  beforeAll(async () => {
    server = await startServer({}, dialect);
    anna = await server.user('Anna Agent');
    const ben = await server.user('Ben Berger');
    const clara = await server.user('Clara Chef');
    withBen = (await api(anna, '/api/conversations', { kind: 'direct', userId: ben.id })).id;
    keyMessage = (await say(ben, withBen, 'Die Schlüsselübergabe für das Büro ist am Freitag um 10 Uhr')).id;
    // More than a page after it: the chat must page back to reach the message.
    for (let i = 1; i <= 70; i++) await say(i % 2 ? anna : ben, withBen, `Status update ${i}`);
    const group = (await api(anna, '/api/conversations', { kind: 'group', title: 'Office move', userIds: [ben.id, clara.id] })).id;
    await say(clara, group, 'Who has the Schlüssel for the storage room?');
    // Ben and Clara's own chat: Anna is not in it and never finds it.
    const benClara = (await api(ben, '/api/conversations', { kind: 'direct', userId: clara.id })).id;
    await say(clara, benClara, 'Der Schlüssel liegt bei mir');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const languages = [
    { code: 'en', locale: 'en-US', messages: 'Messages' },
    { code: 'de', locale: 'de-DE', messages: 'Nachrichten' },
  ];
  const sizes: { name: string; viewport: Viewport }[] = [
    { name: 'desktop', viewport: DESKTOP },
    { name: 'phone', viewport: PHONE },
  ];

  async function searchFor(page: Page, q: string) {
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('chat-search').fill(q);
  }

  for (const language of languages) {
    for (const size of sizes) {
      it(`finds messages by a word's start and opens the chat at the message (${size.name}, ${language.code})`, async () => {
        const { context, page } = await newPageAt(browser, server.url, size.viewport, language.locale);
        await signIn(page, anna.email, PASSWORD);
        await searchFor(page, 'schlüs');
        const hits = page.getByTestId('message-hit');
        await expect.poll(() => hits.count()).toBe(2);
        expect(await page.getByRole('heading', { name: language.messages }).count()).toBe(1);
        expect(await hits.first().textContent()).toContain('Office move');
        expect(await hits.nth(1).textContent()).toContain('Ben Berger');
        // The words found are marked in the result.
        expect(await hits.nth(1).locator('mark').first().textContent()).toBe('Schlüs');
        expect(await sidewaysOverflow(page, size.viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `search-${dialect}-${size.name}-${language.code}-results`);

        await hits.nth(1).click();
        const found = page.locator(`[data-testid="conversation"][data-conversation-id="${withBen}"] [data-testid="message"][data-message-id="${keyMessage}"]`);
        await expect.poll(() => found.getAttribute('data-found'), { timeout: 10_000 }).toBe('true');
        expect(await inView(found, size.viewport)).toBe(true);
        await screenshot(page, `search-${dialect}-${size.name}-${language.code}-opened`);
        await context.close();
      });
    }
  }

  it('says so when no message matches, and finds nothing of a chat I am not in', async () => {
    const { context, page } = await newPageAt(browser, server.url, DESKTOP, 'en-US');
    await signIn(page, anna.email, PASSWORD);
    await searchFor(page, 'liegt');
    await expect.poll(() => page.getByTestId('message-hits').count()).toBe(0);
    await expect.poll(() => page.getByText('No messages found.').count()).toBe(1);
    await context.close();
  });
});
