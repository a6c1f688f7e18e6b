import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { animationsDone, controlProblems, DESKTOP, inView, newPageAt, PHONE, sidewaysOverflow, TABLET, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

const LANGUAGES = [
  { code: 'en', locale: 'en-US', settings: 'Settings', cancel: 'Cancel' },
  { code: 'de', locale: 'de-DE', settings: 'Einstellungen', cancel: 'Abbrechen' },
] as const;
const SIZES = [
  { name: 'phone', viewport: PHONE, minComposer: 200 },
  { name: 'tablet', viewport: TABLET, minComposer: 250 },
  { name: 'desktop', viewport: DESKTOP, minComposer: 600 },
] as const;
const ADMIN_TABS = ['users', 'groups', 'queues', 'channels', 'blocks', 'templates'] as const;
/** The admin tabs that are a list and an editor of the picked item: an item's test id, and what its editor shows. */
const ADMIN_SPLITS: Partial<Record<(typeof ADMIN_TABS)[number], { item: string; editor: string }>> = {
  groups: { item: 'admin-group-item', editor: 'group-name' },
  queues: { item: 'admin-queue-item', editor: 'queue-editor' },
  channels: { item: 'admin-channel-item', editor: 'channel-editor' },
  templates: { item: 'templates-admin-group', editor: 'templates-admin-detail' },
};
/** Thumb-sized: the least a control measures each way on a phone. */
const MIN_TAP_PX = 40;

type Language = (typeof LANGUAGES)[number];
type Size = (typeof SIZES)[number];

/** One signed-in browser walking through the client at one size, in one language. */
interface Tour {
  page: Page;
  size: Size;
  language: Language;
  phone: boolean;
}

/** Nothing scrolls sideways, no control is cut off, and on a phone every control is big enough to tap. */
async function expectFits(page: Page, viewport: Viewport, what: string) {
  expect(await sidewaysOverflow(page, viewport.width), `${what} scrolls sideways`).toBeLessThanOrEqual(0);
  const phone = viewport.width < 768;
  expect(await controlProblems(page, viewport.width, phone ? MIN_TAP_PX : 0), what).toEqual([]);
}

/** Saves a screenshot of the screen for a person to look at, then checks that it fits. */
async function check(tour: Tour, screen: string) {
  await screenshot(tour.page, `layout-${tour.size.name}-${tour.language.code}-${screen}`);
  await expectFits(tour.page, tour.size.viewport, screen);
}

/** The page's title in the top bar is not cut off (as "Einstellun…" was). */
async function expectTitleWhole(page: Page) {
  const title = page.getByRole('heading', { level: 1 });
  expect(await title.evaluate((el) => el.scrollWidth - el.clientWidth), (await title.textContent()) ?? '').toBeLessThanOrEqual(0);
}

/** The navigation is a bar at the bottom on a phone, a rail at the left wider up; presence and Log out are on screen. */
async function chatList(tour: Tour) {
  const { page, size, phone } = tour;
  await page.getByTestId('nav-chat').click();
  await page.getByTestId('recents-item').first().waitFor();
  await page.getByTestId('my-queues').waitFor();
  const nav = await page.getByRole('navigation').boundingBox();
  if (phone) expect(nav!.y + nav!.height).toBeCloseTo(size.viewport.height, 0);
  else expect(nav!.x).toBe(0);
  expect(await inView(page.getByTestId('logout'), size.viewport)).toBe(true);
  expect(await inView(page.getByTestId('presence-select'), size.viewport)).toBe(true);
  await expectTitleWhole(page);
  await check(tour, 'chat-list');
  // The user menu (with the language) opens on screen.
  await page.getByTestId('user-menu').click();
  expect(await inView(page.getByTestId('language-select'), size.viewport)).toBe(true);
  await page.getByTestId('user-menu').click();
}

/** On a phone the open conversation replaces the list and offers a way back; the reply box has room. */
async function conversation(tour: Tour) {
  const { page, size, phone, language } = tour;
  await page.getByTestId('recents-item').first().click();
  await page.getByTestId('message').first().waitFor();
  await shown(page.getByTestId('conversation-back'), phone);
  await shown(page.getByTestId('recents-item').first(), !phone);
  // A phone's keyboard stays down until the agent taps the reply box; a desktop's is ready to type.
  expect(await page.getByTestId('composer').evaluate((el) => el === document.activeElement)).toBe(!phone);
  expect((await page.getByTestId('composer').boundingBox())!.width).toBeGreaterThan(size.minComposer);
  expect(await inView(page.getByTestId('send-button'), size.viewport)).toBe(true);
  await page.getByTestId('composer').fill(`Reply at ${size.name} width (${language.code})`);
  await page.getByTestId('send-button').click();
  await expect.poll(() => page.getByTestId('message').last().textContent()).toContain(`Reply at ${size.name} width`);
  await check(tour, 'conversation');
  // A phone number's menu (call, SMS, add to contacts) opens on screen.
  await page.getByTestId('phone-link').first().click();
  expect(await inView(page.getByTestId('phone-menu'), size.viewport)).toBe(true);
  await expectFits(page, size.viewport, 'phone number menu');
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('phone-menu').count()).toBe(0);
  if (phone) {
    await page.getByTestId('conversation-back').click();
    await page.getByTestId('recents-item').first().waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/chat');
  }
}

/** A dialog is a full-screen sheet on a phone, a card wider up; its buttons are on screen. */
async function newGroupSheet(tour: Tour) {
  const { page, size, phone, language } = tour;
  await page.getByTestId('new-group-chat').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const sheet = async () => {
    const box = await dialog.boundingBox();
    return box && [box.x, box.y, box.width, box.height].map(Math.round);
  };
  // (Polled: the sheet slides in.)
  if (phone) await expect.poll(sheet).toEqual([0, 0, size.viewport.width, size.viewport.height]);
  else expect((await sheet())![2]).toBeLessThan(600);
  expect(await inView(dialog.getByRole('button', { name: language.cancel }), size.viewport)).toBe(true);
  await animationsDone(page);
  await check(tour, 'dialog');
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
}

/** Team with personal contacts; Contacts shows the list, then the picked contact (with a way back on a phone). */
async function teamAndContacts(tour: Tour) {
  const { page, size, phone, language } = tour;
  await page.getByTestId('nav-team').click();
  await page.getByTestId('team-member').first().waitFor();
  await page.getByTestId('contacts-toggle').click();
  await page.getByText('Sarah Connor-Featherstonehaugh').waitFor();
  await check(tour, 'team');
  await page.getByTestId('contacts-toggle').click();

  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('contact-item').first().click();
  await page.getByTestId('contact-details').waitFor();
  await shown(page.getByTestId('contacts-back'), phone);
  expect(await inView(page.getByTestId('contact-edit'), size.viewport)).toBe(true);
  await check(tour, 'contact');
  await page.getByTestId('contact-edit').click();
  await page.getByTestId('contact-name').waitFor();
  await check(tour, 'contact-form');
  await page.getByRole('button', { name: language.cancel }).click();
  await page.getByTestId('contact-details').waitFor();
  if (phone) {
    await page.getByTestId('contacts-back').click();
    await page.getByTestId('contact-item').first().waitFor();
  }
}

async function settings(tour: Tour) {
  const { page } = tour;
  for (const tab of ['general', 'chat', 'account'] as const) {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId(`settings-tab-${tab}`).click();
    await page.getByTestId(`settings-${tab}`).waitFor();
    await expectTitleWhole(page);
    await check(tour, `settings-${tab}`);
  }
}

async function adminTabs(tour: Tour) {
  const { page } = tour;
  await page.getByTestId('nav-admin').click();
  for (const tab of ADMIN_TABS) {
    await page.getByTestId(`admin-tab-${tab}`).click();
    await expect.poll(() => page.getByTestId(`admin-tab-${tab}`).getAttribute('aria-selected')).toBe('true');
    await page.waitForLoadState('networkidle');
    await check(tour, `admin-${tab}`);
    if (tab === 'users') {
      // A form in a dialog: a full-screen sheet on a phone too.
      await page.getByTestId('admin-user-new').click();
      await page.getByRole('dialog').waitFor();
      await animationsDone(page);
      await check(tour, 'admin-user-dialog');
      await page.keyboard.press('Escape');
    }
    const split = ADMIN_SPLITS[tab];
    if (split) await adminListAndEditor(tour, tab, split);
  }
}

/** Waits until the element is shown (or hidden): a pane may still be sliding in or out when asked. */
async function shown(locator: Locator, visible: boolean): Promise<void> {
  await locator.waitFor({ state: visible ? 'visible' : 'hidden', timeout: 5000 });
}

/** A phone shows the list, then the picked item's editor with a way back; wider screens show both. */
async function adminListAndEditor(tour: Tour, tab: string, split: { item: string; editor: string }) {
  const { page, phone } = tour;
  const item = page.getByTestId(split.item).first();
  await shown(item, true);
  await item.click();
  await page.getByTestId(split.editor).waitFor();
  await shown(page.getByTestId('admin-back'), phone);
  await shown(item, !phone);
  if (!phone) return;
  await check(tour, `admin-${tab}-editor`);
  await page.getByTestId('admin-back').click();
  await shown(item, true);
}

describe.runIf(browserAvailable)('the agent client at phone, tablet and desktop widths, in English and German', () => {
  let server: Harness;
  let browser: Browser;
  let admin: TestUser;
  let colleague: TestUser;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.user('Alexandra Administrator', 'admin');
    colleague = await server.user('Maximilian Schneider-Hohenstein');
    const call = (method: 'POST' | 'PUT', url: string, payload: object, user = admin) => server.app.inject({ method, url, headers: user.auth, payload });
    await call('POST', '/api/admin/groups', {
      name: 'Customer Support Team',
      members: [
        { userId: admin.id, isManager: true },
        { userId: colleague.id, isManager: false },
      ],
    });
    const queue = await createQueue(server, admin, { name: 'Website Support', strategy: 'ring_all', agentIds: [admin.id, colleague.id] });
    await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    await call('PUT', `/api/queues/${queue.id}/login`, { loggedIn: true });
    await call('POST', '/api/contacts', {
      name: 'Sarah Connor-Featherstonehaugh',
      company: 'Cyberdyne Systems',
      phones: ['+1 415 555 0100'],
      emails: ['sarah@example.com'],
    });
    const direct = (await call('POST', '/api/conversations', { kind: 'direct', userId: admin.id }, colleague)).json() as { id: number };
    for (const [i, body] of [
      'Hi Alexandra, do you have a minute for the Müller account?',
      'They asked about the invoice from March: call them on +49 30 1234567.',
    ].entries()) {
      await call('POST', `/api/conversations/${direct.id}/messages`, { clientId: `phone-layout-${i}`, body }, colleague);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const language of LANGUAGES) {
    for (const size of SIZES) {
      it(`${language.code} ${size.name} ${size.viewport.width}×${size.viewport.height}: every screen fits, every action is in reach`, async () => {
        const { context, page } = await newPageAt(browser, server.url, size.viewport, language.locale);
        await signIn(page, admin.email, PASSWORD);
        expect(await page.getByTestId('nav-settings').textContent()).toBe(language.settings);
        const tour: Tour = { page, size, language, phone: size.name === 'phone' };
        await chatList(tour);
        await conversation(tour);
        await newGroupSheet(tour);
        await teamAndContacts(tour);
        await settings(tour);
        await adminTabs(tour);
        await page.getByTestId('logout').click();
        await page.getByTestId('login-email').waitFor();
        await check(tour, 'login');
        await context.close();
      });
    }
  }

  /** The agent signs in at this size; then a visitor writes on /demo, and the agent opens the chat. */
  async function visitorChatAt(viewport: Viewport, language: Language, visitorName: string) {
    const { context, page } = await newPageAt(browser, server.url, viewport, language.locale);
    await signIn(page, admin.email, PASSWORD);
    await page.getByTestId('nav-chat').click();
    await page.getByTestId('my-queues').waitFor();

    const visitor = (await newPageAt(browser, server.url, DESKTOP, language.locale)).page;
    await visitor.goto('/demo');
    await visitor.getByTestId('widget-bubble').click();
    await visitor.getByTestId('widget-name').fill(visitorName);
    await visitor.getByTestId('widget-start').click();
    await visitor.getByTestId('widget-composer').fill('Hello, my order has not arrived yet.');
    await visitor.getByTestId('widget-send').click();

    const chat = page.getByTestId('recents-item').filter({ hasText: visitorName });
    await chat.click();
    return { context, page, visitor, chat };
  }

  /** On a phone the agent takes the chat, answers, and opens Information and Transfer. */
  async function customerChatOnPhone(language: Language, visitorName: string) {
    const { context, page, visitor, chat } = await visitorChatAt(PHONE, language, visitorName);
    const take = page.getByTestId('take-button');
    await expect.poll(() => inView(take, PHONE)).toBe(true);
    await screenshot(page, `customer-phone-${language.code}-offered`);
    await take.click();
    await page.getByTestId('composer').fill('Hi, let me look that up for you.');
    await page.getByTestId('send-button').click();
    await expect
      .poll(() => visitor.locator('[data-testid="widget-message"][data-author="user"]').allTextContents())
      .toContainEqual(expect.stringContaining('let me look that up'));
    for (const action of ['transfer-button', 'dealt-with-button', 'chat-menu', 'conversation-back'])
      await expect.poll(() => inView(page.getByTestId(action), PHONE), { message: action }).toBe(true);
    expect(await controlProblems(page, PHONE.width, MIN_TAP_PX)).toEqual([]);
    await screenshot(page, `customer-phone-${language.code}-taken`);

    // The ⋮ menu and the templates panel open on screen, big enough to tap.
    await page.getByTestId('chat-menu').click();
    await page.getByTestId('menu-information').waitFor();
    expect(await controlProblems(page, PHONE.width, MIN_TAP_PX)).toEqual([]);
    await screenshot(page, `customer-phone-${language.code}-menu`);
    await page.getByTestId('chat-menu').click();
    await page.getByTestId('templates-button').click();
    await page.getByTestId('templates-panel').waitFor();
    expect(await inView(page.getByTestId('templates-panel'), PHONE)).toBe(true);
    expect(await controlProblems(page, PHONE.width, MIN_TAP_PX)).toEqual([]);
    await screenshot(page, `customer-phone-${language.code}-templates`);
    await page.getByTestId('templates-button').click();
    await expect.poll(() => page.getByTestId('templates-panel').count()).toBe(0);

    // Information: a full-screen sheet over the conversation.
    await page.getByTestId('chat-menu').click();
    await page.getByTestId('menu-information').click();
    await expect.poll(async () => (await page.getByTestId('info-panel').boundingBox())?.width).toBe(PHONE.width);
    await page.getByTestId('info-panel').getByText(visitorName).first().waitFor();
    await animationsDone(page);
    await screenshot(page, `customer-phone-${language.code}-information`);
    await page.getByTestId('info-close').click();

    await page.getByTestId('transfer-button').click();
    await page.getByTestId('transfer-target').first().waitFor();
    await animationsDone(page);
    await screenshot(page, `customer-phone-${language.code}-transfer`);
    return { context, page, visitor, chat };
  }

  it("en phone: a visitor's chat is taken, answered and marked Dealt with", async () => {
    const { context, page, visitor, chat } = await customerChatOnPhone(LANGUAGES[0], 'Jane Visitor');
    await page.keyboard.press('Escape');
    await page.getByTestId('dealt-with-button').click();
    await expect.poll(() => visitor.getByTestId('widget-ended').count()).toBe(1);
    // Dealt with leaves the chat, back to the list.
    await expect.poll(() => chat.count()).toBe(0);
    await page.getByTestId('my-queues').waitFor();
    await context.close();
  });

  it("de phone: a visitor's chat is taken, answered and transferred to a colleague", async () => {
    const { context, page, chat } = await customerChatOnPhone(LANGUAGES[1], 'Erika Mustermann');
    await page.getByTestId('transfer-search').fill('Maximilian');
    await page.locator(`[data-testid="transfer-target"][data-user-id="${colleague.id}"]`).click();
    await expect.poll(() => chat.count()).toBe(0);
    const theirs = (await server.app.inject({ method: 'GET', url: '/api/conversations', headers: colleague.auth })).json() as {
      conversations: { title: string }[];
    };
    expect(theirs.conversations.map((c) => c.title)).toContain('Erika Mustermann');
    await page.getByTestId('toast').waitFor();
    await animationsDone(page);
    await screenshot(page, 'customer-phone-de-after-transfer');
    await context.close();
  });

  it('en tablet: Information lies over the conversation instead of squeezing it', async () => {
    const { context, page } = await visitorChatAt(TABLET, LANGUAGES[0], 'Tom Tablet');
    await page.getByTestId('take-button').click();
    const composer = page.getByTestId('composer');
    await page.getByTestId('transfer-button').waitFor();
    // Beside the list the header keeps the visitor's name whole (the actions shrink to icons).
    const name = page.getByTestId('conversation-title').locator('span').last();
    expect(await name.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'customer-tablet-en-taken');
    const before = await composer.boundingBox();
    await page.getByTestId('chat-menu').click();
    await page.getByTestId('menu-information').click();
    await page.getByTestId('info-panel').getByText('Tom Tablet').first().waitFor();
    await animationsDone(page);
    expect(await composer.boundingBox()).toEqual(before);
    const info = await page.getByTestId('info-panel').boundingBox();
    expect(info!.x + info!.width).toBeCloseTo(TABLET.width, 0);
    expect(info!.x).toBeLessThan(before!.x + before!.width);
    expect(await sidewaysOverflow(page, TABLET.width)).toBeLessThanOrEqual(0);
    await screenshot(page, 'customer-tablet-en-information');
    await page.getByTestId('info-close').click();
    await page.getByTestId('dealt-with-button').click();
    await context.close();
  });
});
