import type { Locator, Page } from 'playwright-core';

/**
 * Opens the customer chat named `name` from Recents and takes it when it is still offered; with
 * `offered`, it must be offered (waiting in a queue) and is taken.
 */
export async function openCustomerChat(page: Page, name: string, options: { offered?: boolean } = {}): Promise<void> {
  await page.getByTestId('nav-chat').click();
  await page.getByTestId('recents-item').filter({ hasText: name }).click();
  await page.getByTestId('message').first().waitFor();
  if (options.offered) await page.getByTestId('take-button').waitFor();
  if (await page.getByTestId('take-button').isVisible()) await page.getByTestId('take-button').click();
  await page.getByTestId('composer').or(page.getByTestId('reply-window-closed')).waitFor();
}

/** Types and sends a reply; answers the delivery mark of that message (its `data-state` is the state). */
export async function sendReply(page: Page, text: string): Promise<Locator> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send-button').click();
  return page.getByTestId('message').filter({ hasText: text }).getByTestId('delivery-mark');
}
