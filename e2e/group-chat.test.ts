import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { animationsDone, DESKTOP, newPageAt, PHONE, sidewaysOverflow, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

/**
 * A group chat managed from its Information panel: the creator renames it, adds and removes people,
 * each change a line every member reads in their language; a member leaves; the removed colleague is told.
 */
describe.runIf(browserAvailable)('managing a group chat in the web client', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let clara: TestUser;
  let dora: TestUser;
  let groupId: number;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    clara = await server.user('Clara Chef');
    dora = await server.user('Dora Dienst');
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: anna.auth,
      payload: { kind: 'group', title: 'Office move', userIds: [ben.id, clara.id] },
    });
    groupId = (response.json() as { id: number }).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openGroup(user: TestUser, viewport: Viewport, locale: string): Promise<Page> {
    const { page } = await newPageAt(browser, server.url, viewport, locale);
    await signIn(page, user.email, PASSWORD);
    await page.goto(`/#/chat/${groupId}`);
    await page.getByTestId('conversation').waitFor();
    return page;
  }
  const lines = (page: Page) => page.getByTestId('system-message').allTextContents();

  it('lets the creator rename the group, add and remove people; members read the lines in their language', async () => {
    const annaPage = await openGroup(anna, DESKTOP, 'en-US');
    const claraPage = await openGroup(clara, PHONE, 'de-DE');
    const benPage = await openGroup(ben, DESKTOP, 'en-US');

    await annaPage.getByTestId('group-info-button').click();
    const panel = annaPage.getByTestId('group-panel');
    await expect.poll(() => panel.getByTestId('group-member').count()).toBe(3);
    await panel.getByTestId('group-rename-input').fill('Office move 2027');
    await panel.getByTestId('group-rename-save').click();
    await expect.poll(() => annaPage.getByTestId('conversation-title').textContent()).toBe('Office move 2027');

    await panel.getByTestId('group-add-members').click();
    await annaPage.getByTestId('group-add-filter').fill('Dora');
    await annaPage.locator(`[data-testid="group-add-option"][data-user-id="${dora.id}"]`).check();
    await screenshot(annaPage, 'group-desktop-en-add');
    await annaPage.getByRole('button', { name: 'Add 1 person' }).click();
    await expect.poll(() => panel.getByTestId('group-member').count()).toBe(4);

    await panel.locator(`[data-testid="group-member"][data-user-id="${ben.id}"]`).getByTestId('group-remove-member').click();
    await expect.poll(() => panel.getByTestId('group-member').count()).toBe(3);
    await expect
      .poll(() => lines(annaPage))
      .toEqual([
        expect.stringContaining('Anna Agent renamed the group to “Office move 2027”'),
        expect.stringContaining('Anna Agent added Dora Dienst'),
        expect.stringContaining('Anna Agent removed Ben Berger'),
      ]);
    await screenshot(annaPage, 'group-desktop-en-panel');

    // Clara reads the same lines in German, live.
    await expect
      .poll(() => lines(claraPage))
      .toEqual([
        expect.stringContaining('Anna Agent hat die Gruppe in „Office move 2027“ umbenannt'),
        expect.stringContaining('Anna Agent hat Dora Dienst hinzugefügt'),
        expect.stringContaining('Anna Agent hat Ben Berger entfernt'),
      ]);
    expect(await sidewaysOverflow(claraPage, PHONE.width)).toBeLessThanOrEqual(0);
    await screenshot(claraPage, 'group-phone-de-lines');

    // Ben is told he was removed, and the group is gone from his list.
    await expect.poll(() => benPage.getByTestId('removed-notice').getAttribute('data-reason')).toBe('removed_from_group');
    expect(await benPage.getByTestId('removed-notice').textContent()).toContain('Anna Agent removed you from the group');
    expect(await benPage.locator(`[data-testid="recents-item"][data-conversation-id="${groupId}"]`).count()).toBe(0);
    await screenshot(benPage, 'group-desktop-en-removed');
    await Promise.all([annaPage.context().close(), benPage.context().close(), claraPage.context().close()]);
  });

  it('shows a member who does not manage the group no rename or remove, and lets them leave (phone, German)', async () => {
    const claraPage = await openGroup(clara, PHONE, 'de-DE');
    await claraPage.getByTestId('group-info-button').click();
    const panel = claraPage.getByTestId('group-panel');
    await panel.waitFor();
    await animationsDone(claraPage);
    expect(await panel.getByTestId('group-rename-input').count()).toBe(0);
    expect(await panel.getByTestId('group-remove-member').count()).toBe(0);
    expect(await panel.getByTestId('group-add-members').count()).toBe(0);
    expect(await sidewaysOverflow(claraPage, PHONE.width)).toBeLessThanOrEqual(0);
    await screenshot(claraPage, 'group-phone-de-panel');

    await panel.getByTestId('group-leave').click();
    await claraPage.getByTestId('confirm-button').click();
    await expect.poll(() => claraPage.locator(`[data-testid="recents-item"][data-conversation-id="${groupId}"]`).count()).toBe(0);
    expect(await claraPage.getByTestId('removed-notice').count()).toBe(0);

    const annaPage = await openGroup(anna, PHONE, 'en-US');
    await expect.poll(async () => (await lines(annaPage)).at(-1)).toContain('Clara Chef left the group');
    await annaPage.getByTestId('group-info-button').click();
    await annaPage.getByTestId('group-panel').waitFor();
    await animationsDone(annaPage);
    expect(await sidewaysOverflow(annaPage, PHONE.width)).toBeLessThanOrEqual(0);
    await screenshot(annaPage, 'group-phone-en-panel');
    await Promise.all([annaPage.context().close(), claraPage.context().close()]);
  });

  it('shows the panel in German on a desktop', async () => {
    const doraPage = await openGroup(dora, DESKTOP, 'de-DE');
    await doraPage.getByTestId('group-info-button').click();
    await doraPage.getByTestId('group-panel').waitFor();
    expect(await doraPage.getByTestId('group-leave').textContent()).toBe('Gruppe verlassen');
    await screenshot(doraPage, 'group-desktop-de-panel');
    await doraPage.context().close();
  });
});
