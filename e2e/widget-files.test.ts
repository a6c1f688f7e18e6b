import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { animationsDone } from './support/layout.js';
import { startServer } from './support/server.js';

const image = (width: number, height: number, colour: { r: number; g: number; b: number }) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

describe.runIf(browserAvailable)('files in the website chat widget', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let annaPage: Page;
  let visitorPage: Page;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id] });
    await createWidget(server, admin, { type: 'queue', queueId: queue.id });
    await server.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: anna.auth, payload: { loggedIn: true } });
    browser = await launchBrowser();
    annaPage = (await newAgentPage(browser, server.url)).page;
    visitorPage = (await newAgentPage(browser, server.url)).page;
    await signIn(annaPage, anna.email, PASSWORD);
    await annaPage.getByTestId('nav-chat').click();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the visitor attaches a PNG; the agent sees its thumbnail; the agent’s image shows in the widget', async () => {
    await visitorPage.goto('/demo');
    await visitorPage.getByTestId('widget-bubble').click();
    if (await visitorPage.getByTestId('widget-name').count()) {
      await visitorPage.getByTestId('widget-name').fill('Jane Visitor');
      await visitorPage.getByTestId('widget-start').click();
    }
    await visitorPage
      .getByTestId('widget-file-input')
      .setInputFiles([{ name: 'meter.png', mimeType: 'image/png', buffer: await image(400, 300, { r: 30, g: 140, b: 220 }) }]);
    await expect.poll(() => visitorPage.locator('[data-testid="widget-upload"][data-status="done"]').count(), { timeout: 15_000 }).toBe(1);
    await visitorPage.getByTestId('widget-composer').fill('My meter reading');
    await visitorPage.getByTestId('widget-send').click();
    const mine = visitorPage.locator('[data-testid="widget-message"][data-author="customer"]:not([data-pending]) [data-testid="widget-image"] img');
    await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => mine.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await visitorPage.getByTestId('widget-upload').count()).toBe(0);

    const chat = annaPage.getByTestId('recents-item').filter({ hasText: 'Jane Visitor' });
    await expect.poll(() => chat.count(), { timeout: 15_000 }).toBe(1);
    await chat.click();
    const thumb = annaPage.getByTestId('attachment-thumbnail');
    await expect.poll(() => thumb.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await thumb.getAttribute('alt')).toBe('meter.png');

    await annaPage.getByTestId('take-button').click();
    await annaPage
      .getByTestId('attach-input')
      .setInputFiles([{ name: 'diagram.png', mimeType: 'image/png', buffer: await image(300, 500, { r: 40, g: 180, b: 90 }) }]);
    await expect.poll(() => annaPage.locator('[data-testid="upload"][data-status="ready"]').count(), { timeout: 15_000 }).toBe(1);
    await annaPage.getByTestId('send-button').click();
    const theirs = visitorPage.locator('[data-testid="widget-message"][data-author="user"] [data-testid="widget-image"]');
    await expect.poll(() => theirs.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => theirs.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await theirs.locator('img').getAttribute('alt')).toBe('diagram.png');
    expect(await theirs.getAttribute('href')).toMatch(/\/api\/visitor\/files\/\d+\/display\?token=/);
    await screenshot(annaPage, 'widget-files-agent');
    await screenshot(visitorPage, 'widget-files-visitor');
  });

  it('shows a file-only message in Information › History, and one PDF with one size on both sides', async () => {
    const pdf = Buffer.alloc(598, ' ');
    pdf.write('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    await visitorPage.getByTestId('widget-file-input').setInputFiles([{ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await expect.poll(() => visitorPage.locator('[data-testid="widget-upload"][data-status="done"]').count(), { timeout: 15_000 }).toBe(1);
    await visitorPage.getByTestId('widget-send').click();

    const agentChip = annaPage.getByTestId('attachment-document').filter({ hasText: 'invoice.pdf' });
    await expect.poll(() => agentChip.count(), { timeout: 15_000 }).toBe(1);
    const visitorSize = visitorPage.locator('[data-testid="widget-message"][data-author="customer"]:not([data-pending]) .sb-file-size');
    await expect.poll(() => visitorSize.count(), { timeout: 15_000 }).toBe(1);
    // The same size, in the same words, for the agent and the visitor.
    expect(await agentChip.locator('.file-chip__size').textContent()).toBe('598 byte');
    expect(await visitorSize.textContent()).toBe('598 byte');

    await annaPage.setViewportSize({ width: 1366, height: 850 });
    await annaPage.getByTestId('chat-menu').click();
    await annaPage.getByTestId('menu-information').click();
    await annaPage.getByTestId('info-panel').locator('.info__history').waitFor();
    // Jane left no email address: Email cannot be opened, and the panel says why before anyone writes.
    expect(await annaPage.getByTestId('info-email').isDisabled()).toBe(true);
    expect(await annaPage.getByTestId('info-no-email').textContent()).toBe('The customer left no email address.');
    await annaPage.getByTestId('info-email').click({ force: true });
    expect(await annaPage.getByTestId('info-email-form').count()).toBe(0);
    const history = annaPage.getByTestId('info-panel').locator('.info__history');
    await expect.poll(() => history.getByTestId('attachment-document').filter({ hasText: 'invoice.pdf' }).count()).toBe(1);
    // The images before it too: the visitor's meter reading and Anna's diagram.
    expect(await history.getByTestId('attachment-thumbnail').count()).toBe(2);
    await history.evaluate((el) => el.lastElementChild?.scrollIntoView());
    await screenshot(annaPage, 'info-history-files');
    await annaPage.setViewportSize({ width: 390, height: 844 });
    await animationsDone(annaPage);
    await screenshot(annaPage, 'info-history-files-phone');
    await screenshot(visitorPage, 'widget-files-size');
  });
});
