import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, newAgentPage, screenshot, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

describe.runIf(browserAvailable)('sending files in the web client', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let annaPage: Page;
  let benPage: Page;
  let png: Buffer;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    const chat = await server.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { kind: 'direct', userId: ben.id } });
    const conversationId = (chat.json() as { id: number }).id;
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: anna.auth,
      payload: { clientId: 'e2e-files-hello', body: 'Here is the screenshot' },
    });
    // A recognisable picture: orange with a blue square.
    png = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#f08c28' } })
      .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: '#1e64dc' } }, left: 220, top: 100 }])
      .png()
      .toBuffer();
    browser = await launchBrowser();
    annaPage = (await newAgentPage(browser, server.url)).page;
    benPage = (await newAgentPage(browser, server.url)).page;
    await signIn(annaPage, anna.email, PASSWORD);
    await signIn(benPage, ben.email, PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a PNG dropped onto the conversation arrives as a thumbnail on the other side', async () => {
    for (const page of [annaPage, benPage]) {
      await page.getByTestId('nav-chat').click();
      await page.getByTestId('recents-item').first().click();
      await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThan(0);
    }
    const data = await annaPage.evaluateHandle(
      ({ base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
        return transfer;
      },
      { base64: png.toString('base64') },
    );
    const pane = annaPage.locator('.conversation__main');
    await pane.dispatchEvent('dragenter', { dataTransfer: data });
    await expect.poll(() => annaPage.getByTestId('drop-overlay').count()).toBe(1);
    await pane.dispatchEvent('drop', { dataTransfer: data });
    await expect.poll(() => annaPage.getByTestId('drop-overlay').count()).toBe(0);
    // It waits in the composer until Send.
    await expect.poll(() => annaPage.locator('[data-testid="upload"][data-status="ready"]').count(), { timeout: 15_000 }).toBe(1);
    await annaPage.getByTestId('send-button').click();

    const thumb = benPage.getByTestId('attachment-thumbnail');
    await expect.poll(() => thumb.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await thumb.getAttribute('alt')).toBe('screenshot.png');
    const link = await benPage.locator('.attachment-image').getAttribute('href');
    expect(link).toMatch(/^\/api\/files\/\d+\/display$/);
    await expect.poll(() => annaPage.getByTestId('upload').count()).toBe(0);
    await screenshot(benPage, 'files-thumbnail');
  });

  it('the attach button sends several documents; each shows as a chip that downloads it', async () => {
    await annaPage.getByTestId('attach-input').setInputFiles([
      { name: 'offer.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Grüße\n') },
    ]);
    await expect.poll(() => annaPage.locator('[data-testid="upload"][data-status="ready"]').count(), { timeout: 15_000 }).toBe(2);
    await annaPage.getByTestId('send-button').click();
    const chips = benPage.getByTestId('attachment-document');
    await expect.poll(() => chips.count(), { timeout: 15_000 }).toBe(2);
    expect((await chips.allTextContents()).join(' ')).toMatch(/offer\.pdf.*notes\.txt|notes\.txt.*offer\.pdf/);
    await screenshot(benPage, 'files-documents');
  });

  it('refuses a disguised executable with a message naming the accepted types', async () => {
    await annaPage
      .getByTestId('attach-input')
      .setInputFiles([{ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not really a pdf') }]);
    const failed = annaPage.locator('[data-testid="upload"][data-status="failed"]');
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(1);
    expect(await failed.textContent()).toContain('Accepted are PDF');
    await screenshot(annaPage, 'files-refused');
    await failed.getByTestId('upload-cancel').click();
    await expect.poll(() => annaPage.getByTestId('upload').count()).toBe(0);
  });
});
