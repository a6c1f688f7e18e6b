import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget, recents, TestVisitor } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

describe.runIf(browserAvailable)('quick response templates in the reply panel', () => {
  let server: Harness;
  let browser: Browser;
  let mia: TestUser; // manages Sales
  let anna: TestUser; // agent in Sales
  let visitor: TestVisitor;
  let annaPage: Page;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    mia = await server.user('Mia Manager', 'manager');
    anna = await server.user('Anna Agent');
    const post = async (user: TestUser, url: string, payload: object) => {
      const response = await server.app.inject({ method: 'POST', url, headers: user.auth, payload });
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
      return response.json() as { id: number };
    };
    const sales = await post(admin, '/api/admin/groups', {
      name: 'Sales',
      members: [
        { userId: mia.id, isManager: true },
        { userId: anna.id, isManager: false },
      ],
    });
    const support = await post(admin, '/api/admin/groups', { name: 'Support', members: [] });
    const greetings = await post(mia, '/api/template-categories', { groupId: sales.id, name: 'Greetings' });
    const closing = await post(mia, '/api/template-categories', { groupId: sales.id, name: 'Closing' });
    const template = (groupId: number, categoryId: number | null, title: string, body: string, language: string) =>
      post(groupId === support.id ? admin : mia, '/api/templates', { groupId, categoryId, title, body, language });
    await template(sales.id, greetings.id, 'Welcome', 'Hello {customer.name}, this is {agent.name}. How can I help?', 'en');
    await template(sales.id, greetings.id, 'Willkommen', 'Hallo {customer.name}, hier ist {agent.name}. Wie kann ich helfen?', 'de');
    await template(sales.id, closing.id, 'Goodbye', 'Thanks for chatting with us, {customer.name}!', 'en');
    await template(support.id, null, 'Support secret', 'Only Support sees this', 'en');

    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id] });
    const widget = await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    await server.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: anna.auth, payload: { loggedIn: true } });

    browser = await launchBrowser();
    annaPage = (await newAgentPage(browser, server.url)).page;
    await signIn(annaPage, anna.email, PASSWORD);
    await annaPage.getByTestId('nav-chat').click();
    visitor = await TestVisitor.start(server, widget.key, 'Jane Visitor');
    await visitor.write('Hi, I have a question about my order');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const titles = (page: Page) => page.getByTestId('template-item').getByTestId('template-title').allTextContents();
  const agentLines = async () => (await visitor.chat()).messages.filter((m) => m.author === 'user').map((m) => m.body);

  it('fills the reply box from a filtered template; the agent edits it and the customer receives the edit', async () => {
    const chat = annaPage.getByTestId('recents-item').filter({ hasText: 'Jane Visitor' });
    await expect.poll(() => chat.count()).toBe(1);
    await chat.click();
    await annaPage.getByTestId('take-button').click();

    await annaPage.getByTestId('templates-button').click();
    const panel = annaPage.getByTestId('templates-panel');
    await panel.waitFor();
    // Jane's language is unknown: every language, with how many each has; Support's template is not mine to see.
    await expect.poll(() => titles(annaPage)).toEqual(['Goodbye', 'Welcome', 'Willkommen']);
    expect(await annaPage.getByTestId('templates-language').inputValue()).toBe('');
    expect(await annaPage.getByTestId('templates-language').locator('option').allTextContents()).toEqual(['All languages (3)', 'English (2)', 'German (1)']);
    expect(await annaPage.getByTestId('templates-button').getAttribute('title')).toBe('Templates');
    await annaPage.getByTestId('templates-language').selectOption('en');
    await expect.poll(() => titles(annaPage)).toEqual(['Goodbye', 'Welcome']);

    await annaPage.getByTestId('templates-category').filter({ hasText: 'Greetings' }).click();
    await expect.poll(() => titles(annaPage)).toEqual(['Welcome']);
    await annaPage.getByTestId('templates-language').selectOption('');
    await expect.poll(() => titles(annaPage)).toEqual(['Welcome', 'Willkommen']);
    await screenshot(annaPage, 'templates-panel');
    await annaPage.getByTestId('templates-language').selectOption('en');
    await annaPage.getByTestId('templates-category').filter({ hasText: 'All' }).click();
    await annaPage.getByTestId('templates-search').fill('THANKS');
    await expect.poll(() => titles(annaPage)).toEqual(['Goodbye']);
    await annaPage.getByTestId('templates-search').fill('');

    await annaPage.getByTestId('template-item').filter({ hasText: 'Welcome' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    const composer = annaPage.getByTestId('composer');
    expect(await composer.inputValue()).toBe('Hello Jane Visitor, this is Anna Agent. How can I help?');
    // Nothing is sent by the click alone.
    expect(await agentLines()).toEqual([]);

    await composer.press('End');
    await composer.pressSequentially(' Your order ships today.');
    await composer.press('Enter');
    await expect.poll(() => agentLines()).toEqual(['Hello Jane Visitor, this is Anna Agent. How can I help? Your order ships today.']);
    await expect.poll(() => annaPage.getByTestId('message').last().textContent()).toContain('Your order ships today.');
  });

  it('works in an internal chat too, naming the colleague', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: anna.auth,
      payload: { kind: 'direct', userId: mia.id },
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const conversationId = (created.json() as { id: number }).id;
    await annaPage.goto(`/#/chat/${conversationId}`);
    await annaPage.getByTestId('templates-button').click();
    await annaPage.getByTestId('template-item').filter({ hasText: 'Goodbye' }).click();
    await annaPage.getByTestId('composer').press('Enter');
    await expect
      .poll(async () => (await recents(server, mia)).find((c) => c.id === conversationId)?.lastMessage?.body)
      .toBe('Thanks for chatting with us, Mia Manager!');
  });

  it('hides no English template from a German-speaking agent while the customer language is unknown', async () => {
    const page = (await newAgentPage(browser, server.url, 'de-DE')).page;
    await signIn(page, anna.email, PASSWORD);
    const conversationId = (await recents(server, anna)).find((c) => c.kind === 'external')!.id;
    await page.goto(`/#/chat/${conversationId}`);
    await page.getByTestId('templates-button').click();
    await expect.poll(() => titles(page)).toEqual(['Goodbye', 'Welcome', 'Willkommen']);
    expect(await page.getByTestId('templates-language').inputValue()).toBe('');
    expect(await page.getByTestId('templates-language').locator('option').allTextContents()).toEqual(['Alle Sprachen (3)', 'Deutsch (1)', 'Englisch (2)']);
    expect(await page.getByTestId('templates-button').getAttribute('title')).toBe('Vorlagen');
    for (const [width, height, name] of [
      [1366, 850, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      await screenshot(page, `templates-panel-de-${name}`);
    }
    await page.close();
  });

  it('tells an agent without templates to ask their group manager, not to open Admin', async () => {
    const otto = await server.user('Otto Outsider');
    const created = await server.app.inject({ method: 'POST', url: '/api/conversations', headers: otto.auth, payload: { kind: 'direct', userId: anna.id } });
    const page = (await newAgentPage(browser, server.url)).page;
    await signIn(page, otto.email, PASSWORD);
    await page.goto(`/#/chat/${(created.json() as { id: number }).id}`);
    await page.getByTestId('templates-button').click();
    await expect.poll(() => page.getByTestId('templates-empty').textContent()).toBe('No templates yet. Ask your group manager to add some.');
    await page.close();
  });

  it('lets a group manager keep the templates of their group under Admin', async () => {
    const page = (await newAgentPage(browser, server.url)).page;
    await signIn(page, mia.email, PASSWORD);
    await page.getByTestId('nav-admin').click();
    await expect.poll(() => page.getByTestId('templates-admin-row').count()).toBe(3);
    // Only the templates tab: the rest of Admin is for admins.
    expect(await page.locator('[data-testid^="admin-tab-"]').allTextContents()).toEqual(['Templates']);
    await page.getByTestId('templates-admin-new').click();
    await page.getByTestId('template-title').fill('Opening hours');
    await page.getByTestId('template-body').fill('We are open 9 to 5, {customer.name}.');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('templates-admin-row').count()).toBe(4);
    await screenshot(page, 'templates-admin');
    const anna2 = await server.app.inject({ method: 'GET', url: '/api/templates?q=opening', headers: anna.auth });
    expect((anna2.json() as { templates: { title: string }[] }).templates.map((t) => t.title)).toEqual(['Opening hours']);
    await page.close();
  });
});
