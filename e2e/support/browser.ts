import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const browserAvailable = fs.existsSync(CHROMIUM);
if (!browserAvailable) {
  if (process.env.CI === 'true') throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing`);
  console.warn(`[switchboard e2e] ${CHROMIUM} not found (apt-get install chromium): browser tests are skipped`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Calls: a fake camera (a test pattern) and microphone (a beep), and permission prompts granted, so
      // WebRTC runs end to end without hardware or a person clicking "Allow".
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

export async function newAgentPage(browser: Browser, baseURL: string, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  reportCspViolations(page);
  return { context, page };
}

/** Violations of the server's Content-Security-Policy, collected per page so a test can assert there are none. */
export const cspViolations: string[] = [];

export function reportCspViolations(page: Page): void {
  page.on('console', (message) => {
    if (!/Content Security Policy/i.test(message.text())) return;
    cspViolations.push(message.text());
    console.error(`[switchboard e2e] CSP violation on ${page.url()}: ${message.text()}`);
  });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-team').waitFor();
}

/** Saves a screenshot under e2e/screenshots/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(new URL('../screenshots/', import.meta.url), { recursive: true });
  await page.screenshot({ path: new URL(`../screenshots/${name}.png`, import.meta.url).pathname });
}
