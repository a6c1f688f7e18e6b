import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { browserAvailable, launchBrowser, screenshot, signIn } from './support/browser.js';
import { newPageAt, PHONE } from './support/layout.js';
import { startServer } from './support/server.js';

interface Manifest {
  name: string;
  start_url: string;
  display: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): string {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

describe.runIf(browserAvailable)('the agent client as an installable app', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    // Notifications by the browser's, not the in-app toaster.
    await server.app.inject({
      method: 'PUT',
      url: '/api/me/settings/chat',
      headers: anna.auth,
      payload: { toaster: false, webNotifications: true, playSound: false, sound: 'chime' },
    });
    browser = await launchBrowser();
    const phone = await newPageAt(browser, server.url, PHONE, 'en-US');
    await phone.context.grantPermissions(['notifications'], { origin: server.url });
    page = phone.page;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has a manifest with a name, a start page and 192, 512 and maskable PNG icons that exist', async () => {
    const response = await fetch(`${server.url}/manifest.webmanifest`);
    expect(response.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await response.json()) as Manifest;
    expect(manifest).toMatchObject({ name: 'Switchboard', display: 'standalone', theme_color: '#2563eb' });
    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of pngs) {
      const file = await fetch(new URL(icon.src, server.url));
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(pngSize(Buffer.from(await file.arrayBuffer()))).toBe(icon.sizes);
    }
    await page.goto('/');
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    expect(await page.locator('script:not([src])').count()).toBe(0);
  });

  it('registers a service worker that keeps the app shell and nothing of /api', async () => {
    await signIn(page, anna.email, PASSWORD);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.getByTestId('nav-team').waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`);
    const kept = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(kept).toContain('/');
    // Every built file, the chunks loaded on first use (admin, settings, phone metadata) too.
    const built = (await (await fetch(`${server.url}/assets.json`)).json()) as string[];
    expect(built.some((path) => /\/assets\/AdminView-.*\.js$/.test(path))).toBe(true);
    expect(kept).toEqual(expect.arrayContaining(built));
    expect(kept.filter((path) => path.startsWith('/api') || path.startsWith('/ws'))).toEqual([]);
  });

  it('notifies through the service worker where the browser refuses new Notification() (Chrome on Android)', async () => {
    await page.evaluate(() => {
      const Real = window.Notification;
      class Refusing {
        constructor() {
          throw new TypeError('Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.');
        }
        static get permission() {
          return Real.permission;
        }
      }
      Object.defineProperty(window, 'Notification', { value: Refusing });
    });
    const chat = (
      await server.app.inject({ method: 'POST', url: '/api/conversations', headers: ben.auth, payload: { kind: 'direct', userId: anna.id } })
    ).json() as { id: number };
    await server.app.inject({
      method: 'POST',
      url: `/api/conversations/${chat.id}/messages`,
      headers: ben.auth,
      payload: { clientId: 'pwa-notify-0001', body: 'Are you on your phone?' },
    });
    const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => `${n.title}: ${n.body}`));
    await expect.poll(shown).toEqual(['Ben Berger: Are you on your phone?']);
  });

  it('starts with the server unreachable (the last test: it stops the server)', async () => {
    await server.app.close();
    await page.reload();
    // The shell ran (from the kept copy): it says it cannot reach the server, and keeps trying.
    await expect.poll(() => page.getByTestId('splash').textContent()).toBe('Switchboard cannot be reached. Trying again…');
    expect(await page.title()).toBe('Switchboard');
    expect(
      await page.evaluate(() =>
        fetch('/api/me').then(
          (r) => r.status,
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    await screenshot(page, 'pwa-offline-start');
  });
});
