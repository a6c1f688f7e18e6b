import { CloseCodes } from '@switchboard/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRecipient } from '../server/src/events/recipient.js';
import { act, createQueue, createWidget, TestVisitor } from '../server/src/testing/customer-chat.js';
import type { Harness, TestUser } from '../server/src/testing/harness.js';
import { PASSWORD } from '../server/src/testing/harness.js';
import { TestSocket } from '../server/src/testing/ws-client.js';
import { browserAvailable, launchBrowser, newAgentPage, signIn } from './support/browser.js';
import { startServer } from './support/server.js';

/**
 * Offers reach an agent's open sockets live and are not stored in their stream (docs/protocol.md): an offer
 * taken by a colleague while the agent's page was offline must still leave that page's list when it reconnects.
 */
describe.runIf(browserAvailable)('an offer withdrawn while the agent was offline', () => {
  let server: Harness;
  let browser: Browser;
  let anna: TestUser;
  let ben: TestUser;
  let benContext: BrowserContext;
  let benPage: Page;
  let widgetKey: string;

  beforeAll(async () => {
    server = await startServer();
    const admin = await server.user('Root Admin', 'admin');
    anna = await server.user('Anna Agent');
    ben = await server.user('Ben Berger');
    const queue = await createQueue(server, admin, { strategy: 'ring_all', agentIds: [anna.id, ben.id] });
    widgetKey = (await createWidget(server, admin, { type: 'queue', queueId: queue.id })).key;
    for (const agent of [anna, ben]) {
      await server.app.inject({ method: 'PUT', url: `/api/queues/${queue.id}/login`, headers: agent.auth, payload: { loggedIn: true } });
    }
    browser = await launchBrowser();
    ({ context: benContext, page: benPage } = await newAgentPage(browser, server.url));
    await signIn(benPage, ben.email, PASSWORD);
    await benPage.getByTestId('nav-chat').click();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('drops the chat from the list once the page is back online', async () => {
    // Anna takes over HTTP; she needs a socket of her own to count as available for the offer.
    const annaSocket = await TestSocket.connect(server.url, anna.token);
    const visitor = await TestVisitor.start(server, widgetKey, 'Jane Visitor');
    await visitor.write('Hello, anybody there?');
    const offered = benPage.getByTestId('recents-item').filter({ hasText: 'Jane Visitor' });
    await expect.poll(() => offered.count()).toBe(1);

    // Ben's page loses its connection: the server drops his socket and the page cannot reconnect yet.
    await benContext.setOffline(true);
    server.services.hub.disconnect(userRecipient(ben.id), CloseCodes.GOING_AWAY, 'network gone');
    await expect.poll(() => benPage.getByTestId('reconnecting-banner').isVisible(), { timeout: 10_000 }).toBe(true);
    const conversationId = (await server.app.inject({ method: 'GET', url: '/api/conversations', headers: anna.auth })).json().conversations[0].id;
    expect((await act(server, anna, conversationId, 'take')).statusCode).toBe(200);

    await benContext.setOffline(false);
    await expect.poll(() => benPage.getByTestId('reconnecting-banner').isVisible(), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => offered.count(), { timeout: 10_000 }).toBe(0);
    await annaSocket.close();
  });

  it('drops an offer it missed the withdrawal of when Take is refused', async () => {
    const visitor = await TestVisitor.start(server, widgetKey, 'Max Missed');
    await visitor.write('Hello again');
    const offered = benPage.getByTestId('recents-item').filter({ hasText: 'Max Missed' });
    await expect.poll(() => offered.count()).toBe(1);
    // Anna has it, and the live withdrawal never reached Ben's page (as when it overtook the offer on the bus).
    const db = server.storage.db;
    const { id } = await db.selectFrom('conversations').select('id').where('customer_id', '=', visitor.id).executeTakeFirstOrThrow();
    await db
      .insertInto('conversation_members')
      .values({ conversation_id: id, user_id: anna.id, role: 'owner', archived: 0, last_read_message_id: 0 })
      .execute();
    await db.updateTable('conversations').set({ state: 'owned', owner_id: anna.id, offered_to: null }).where('id', '=', id).execute();

    await offered.click();
    await benPage.getByTestId('take-button').click();
    await expect.poll(() => offered.count(), { timeout: 10_000 }).toBe(0);
  });
});
