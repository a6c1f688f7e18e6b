import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const PHONE = { width: 390, height: 844 } as const;
export const TABLET = { width: 820, height: 1180 } as const;
export const DESKTOP = { width: 1366, height: 850 } as const;
export type Viewport = typeof PHONE | typeof TABLET | typeof DESKTOP;

/** A page as a phone (touch, mobile viewport) or a desktop browser of that size would show it. */
export async function newPageAt(browser: Browser, baseURL: string, viewport: Viewport, locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const phone = viewport.width < 768;
  const context = await browser.newContext({ baseURL, locale, viewport, isMobile: phone, hasTouch: phone, deviceScaleFactor: 1 });
  return { context, page: await context.newPage() };
}

/** How far the document is wider than the screen (0 when nothing scrolls sideways). */
export function sidewaysOverflow(page: Page, width: number): Promise<number> {
  return page.evaluate((w) => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - w, width);
}

/**
 * Visible controls that stick out of the screen or are too small to tap. A page that clips its
 * overflow does not scroll sideways but still cuts controls off: this catches that too.
 */
export function controlProblems(page: Page, width: number, minTap: number): Promise<string[]> {
  return page.evaluate(
    ({ w, tap }) => {
      const describe = (el: Element) =>
        `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 24) ?? ''}]`;
      const problems: string[] = [];
      /** A control inside a sentence (a phone number in a message) is as tall as its line, like a link. */
      const inText = (el: Element) => [...(el.parentNode?.childNodes ?? [])].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      const ruler = document.createElement('canvas').getContext('2d')!;
      /** Whether a select shows its chosen option cut short ("Availa…"). */
      const cutShort = (select: HTMLSelectElement) => {
        const style = getComputedStyle(select);
        ruler.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const text = select.selectedOptions[0]?.textContent ?? '';
        return ruler.measureText(text).width > room + 1 ? text : null;
      };
      for (const el of document.querySelectorAll('button, a[href], input:not([type=checkbox]):not([type=radio]), select, textarea')) {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width <= 1 || r.height <= 1 || style.visibility === 'hidden') continue;
        if (el.closest('[aria-hidden="true"], .visually-hidden')) continue;
        if (r.left < -0.5 || r.right > w + 0.5) problems.push(`${describe(el)} is off screen (${Math.round(r.left)}..${Math.round(r.right)})`);
        else if (el instanceof HTMLSelectElement && cutShort(el)) problems.push(`${describe(el)} cuts "${cutShort(el)}" short`);
        else if (tap > 0 && (r.height < tap - 0.5 || r.width < tap - 0.5) && el.tagName !== 'A' && !inText(el))
          problems.push(`${describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      return problems;
    },
    { w: width, tap: minTap },
  );
}

/** Whether the element is shown and lies wholly inside the screen. */
export async function inView(locator: Locator, viewport: Viewport): Promise<boolean> {
  if (!(await locator.isVisible())) return false;
  const box = await locator.boundingBox();
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}

/**
 * Waits for running CSS animations (a sheet sliding in) to end, so a screenshot shows where things
 * stay. (One cancelled meanwhile, e.g. its element re-rendered, rejects: that is an end too.)
 */
export function animationsDone(page: Page): Promise<unknown> {
  return page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}
