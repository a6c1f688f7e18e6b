import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot } from './support/browser.js';
import { DESKTOP, newPageAt, PHONE, sidewaysOverflow, type Viewport } from './support/layout.js';
import { startServer } from './support/server.js';

const picture = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

/** Files wait in the composer as chips with a caption until Send; images open in a viewer, not a raw tab. */
describe.runIf(browserAvailable)('staged files, pasted images and the image viewer', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let conversationId: number;
  let orange: Buffer;
  let blue: Buffer;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    const chat = await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    conversationId = (chat.json() as { id: number }).id;
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: ben.auth,
      payload: { clientId: 'e2e-viewer-hello', body: 'Can you send me the photos?' },
    });
    orange = await picture(800, 500, '#f08c28');
    blue = await picture(400, 600, '#1e64dc');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openChat = async (viewport: Viewport, locale: string, user = anna) => {
    const { context, page } = await newPageAt(browser, server.url, viewport, locale);
    await page.goto('/');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-team').waitFor();
    await page.goto(`/#/chat/${conversationId}`);
    await page.getByTestId('composer').waitFor();
    return { context, page };
  };
  const ready = (page: Page) => page.locator('[data-testid="upload"][data-status="ready"]');
  const messagesWithFiles = async () => {
    const list = await server.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}/messages`, headers: ben.auth });
    return (list.json() as { messages: { body: string; attachments: { name: string }[] }[] }).messages.filter((m) => m.attachments.length > 0);
  };

  it('keeps picked files as chips until Send, with a remove button, and sends them in one message with the caption', async () => {
    const { context, page } = await openChat(DESKTOP, 'en-US');
    await page.getByTestId('attach-input').setInputFiles([
      { name: 'front.png', mimeType: 'image/png', buffer: orange },
      { name: 'side.png', mimeType: 'image/png', buffer: blue },
      { name: 'offer.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') },
    ]);
    await expect.poll(() => ready(page).count(), { timeout: 15_000 }).toBe(3);
    // Nothing is sent before Send.
    expect(await messagesWithFiles()).toEqual([]);
    expect(await page.getByTestId('composer').getAttribute('placeholder')).toBe('Add a caption (optional)');
    await page.locator('[data-testid="upload"]', { hasText: 'offer.pdf' }).getByTestId('upload-cancel').click();
    await expect.poll(() => page.getByTestId('upload').count()).toBe(2);
    await page.getByTestId('composer').fill('The two photos of the meter');
    await screenshot(page, 'composer-staged-desktop-en');
    await page.getByTestId('send-button').click();
    await expect.poll(() => page.getByTestId('upload').count()).toBe(0);
    expect(await page.getByTestId('composer').inputValue()).toBe('');
    const sent = await messagesWithFiles();
    expect(sent.map((m) => [m.body, m.attachments.map((a) => a.name)])).toEqual([['The two photos of the meter', ['front.png', 'side.png']]]);
    await expect.poll(() => page.getByTestId('attachment-thumbnail').count()).toBe(2);
    await context.close();
  });

  it('stages an image pasted from the clipboard into the composer', async () => {
    const { context, page } = await openChat(DESKTOP, 'en-US');
    await page.getByTestId('composer').evaluate((box, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, orange.toString('base64'));
    await expect.poll(() => ready(page).count(), { timeout: 15_000 }).toBe(1);
    expect(await ready(page).textContent()).toMatch(/^Pasted image \d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}\.png/);
    expect(await page.getByTestId('composer').inputValue()).toBe('');
    await page.getByTestId('composer').press('Enter');
    await expect.poll(async () => (await messagesWithFiles()).length).toBe(2);
    await context.close();
  });

  it('opens an image in a viewer that pages through the conversation’s images, zooms, downloads and closes with Esc', async () => {
    const { context, page } = await openChat(DESKTOP, 'en-US', ben);
    await expect.poll(() => page.getByTestId('attachment-thumbnail').count()).toBe(3);
    const pages = context.pages().length;
    await page.getByTestId('attachment-thumbnail').nth(1).click();
    const viewer = page.locator('.image-viewer');
    await viewer.waitFor();
    expect(context.pages().length).toBe(pages);
    const current = viewer.locator('.yarl__slide_current img');
    await expect.poll(() => current.getAttribute('alt')).toBe('side.png');
    await expect.poll(() => current.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400);
    expect(await viewer.textContent()).toContain('2 / 3');
    await screenshot(page, 'image-viewer-desktop-en');

    await page.getByRole('button', { name: 'Next image' }).click();
    await expect.poll(() => current.getAttribute('alt')).toMatch(/^Pasted image/);
    await page.getByRole('button', { name: 'Previous image' }).click();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => current.getAttribute('alt')).toBe('front.png');

    const width = () => current.evaluate((img) => img.getBoundingClientRect().width);
    const before = await width();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(width).toBeGreaterThan(before * 1.2);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).toBe('front.png');

    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
    await context.close();
  });

  it('looks right at both widths in English and German, and on a phone a swipe pages on', async () => {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      for (const [language, locale] of [
        ['en', 'en-US'],
        ['de', 'de-DE'],
      ] as const) {
        const { context, page } = await openChat(viewport, locale, ben);
        await page.getByTestId('attach-input').setInputFiles([
          { name: 'receipt.png', mimeType: 'image/png', buffer: blue },
          { name: 'contract-with-a-rather-long-name.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
        ]);
        await expect.poll(() => ready(page).count(), { timeout: 15_000 }).toBe(2);
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `composer-staged-${size}-${language}`);
        while ((await page.getByTestId('upload').count()) > 0) await page.getByTestId('upload-cancel').first().click();
        await expect.poll(() => page.getByTestId('upload').count()).toBe(0);

        await page.getByTestId('attachment-thumbnail').first().click();
        const viewer = page.locator('.image-viewer');
        await viewer.waitFor();
        const current = viewer.locator('.yarl__slide_current img');
        await expect.poll(() => current.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
        expect(await sidewaysOverflow(page, viewport.width)).toBeLessThanOrEqual(0);
        await screenshot(page, `image-viewer-${size}-${language}`);
        if (size === 'phone') {
          const box = (await current.boundingBox())!;
          const y = box.y + box.height / 2;
          await page.touchscreen.tap(box.x + box.width / 2, y);
          await swipe(page, viewport.width - 40, 40, y);
          await expect.poll(() => current.getAttribute('alt')).toBe('side.png');
        }
        await page.getByRole('button', { name: language === 'de' ? 'Schließen' : 'Close' }).click();
        await expect.poll(() => viewer.count()).toBe(0);
        await context.close();
      }
    }
  });
});

/** A horizontal swipe by touch, from one x to another at height y. */
async function swipe(page: Page, fromX: number, toX: number, y: number) {
  const cdp = await page.context().newCDPSession(page);
  const steps = 8;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: fromX + ((toX - fromX) * i) / steps, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
