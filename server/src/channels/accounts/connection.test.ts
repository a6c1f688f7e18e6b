import type { ChannelAccount, ChannelConnectionTest } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../../testing/customer-chat.js';
import { dialects } from '../../testing/databases.js';
import { FAKE_GRAPH_DEFAULTS, FakeGraph } from '../../testing/fake-graph.js';
import { FakeMessenger } from '../../testing/fake-messenger.js';
import type { FakeTwilio } from '../../testing/fake-twilio.js';
import { startHarness, type Harness, type TestUser } from '../../testing/harness.js';
import { createMessengerAccount, fbMessage, fbWebhook } from '../../testing/messenger.js';
import { ACCOUNT_SID, API_KEY, createSmsAccount, incomingSms, OUR_NUMBER, postTwilio, startFakeTwilio } from '../../testing/sms.js';
import { createWhatsAppAccount, postWebhook } from '../../testing/whatsapp.js';
import { accountStorage } from './storage.js';

/**
 * Admin › Channels "Test connection" (POST /api/admin/channels/:id/test) against the fake Graph, Messenger
 * and Twilio servers, which check each request's shape, and "last webhook received" on the account.
 */
describe.each(dialects)('testing a channel account’s connection on %s', (dialect) => {
  let h: Harness;
  let graph: FakeGraph;
  let messenger: FakeMessenger;
  let twilio: FakeTwilio;
  let admin: TestUser;
  let agent: TestUser;
  let queueId: number;

  beforeEach(async () => {
    graph = await FakeGraph.start(FAKE_GRAPH_DEFAULTS);
    messenger = await FakeMessenger.start();
    twilio = await startFakeTwilio();
  });
  afterEach(async () => {
    await h?.close();
    await Promise.all([graph.close(), messenger.close(), twilio.close()]);
    expect([...graph.violations, ...messenger.violations, ...twilio.violations]).toEqual([]);
  });

  /** The server, with Graph calls going to the WhatsApp or the Messenger fake (one META_GRAPH_URL). */
  const start = async (meta: 'whatsapp' | 'messenger' = 'whatsapp') => {
    const metaUrl = meta === 'whatsapp' ? graph.url : messenger.url;
    h = await startHarness(dialect, { env: { META_GRAPH_URL: metaUrl, TWILIO_API_URL: twilio.url, CHANNEL_TICK_MS: '0' } });
    await h.listen();
    admin = await h.user('Root', 'admin');
    agent = await h.user('Anna Agent');
    queueId = (await createQueue(h, admin, { agentIds: [agent.id] })).id;
  };
  const test = async (id: number, user: TestUser = admin) => h.app.inject({ method: 'POST', url: `/api/admin/channels/${id}/test`, headers: user.auth });
  const tested = async (id: number) => {
    const response = await test(id);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ChannelConnectionTest;
  };
  /** Replaces the account's saved secrets (as a changed token in Meta's or Twilio's console would make them wrong). */
  const saveSecrets = async (id: number, secrets: Record<string, string>) => {
    await h.storage.db
      .updateTable('channel_accounts')
      .set({ secrets: h.services.channels.box.seal(secrets) })
      .where('id', '=', id)
      .execute();
    h.services.channels.accounts.forget();
  };
  /** The fake flagged the wrong credentials as it should; the test expected exactly that. */
  const expectRefused = (violations: string[], why: RegExp) => {
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(why);
    violations.length = 0;
  };

  it('WhatsApp: asks Graph for the phone number with the token and reports its verified name and number', async () => {
    await start();
    const { id } = await createWhatsAppAccount(h, graph, { type: 'queue', queueId });
    const result = await tested(id);
    expect(result).toMatchObject({ ok: true, name: 'Jasper’s Market', address: '+1 555-078-3881', missingNumbers: [], error: null });
    expect(result.testedAt).toBeGreaterThan(Date.now() - 60_000);
    const call = graph.requests.at(-1)!;
    expect(call).toMatchObject({
      method: 'GET',
      path: `/v23.0/${FAKE_GRAPH_DEFAULTS.phoneNumberId}`,
      query: { fields: 'id,verified_name,display_phone_number' },
      authorization: `Bearer ${FAKE_GRAPH_DEFAULTS.accessToken}`,
    });
  });

  it('WhatsApp: reports Graph’s refusal of an expired token with Meta’s code and message', async () => {
    await start();
    const { id } = await createWhatsAppAccount(h, graph, { type: 'queue', queueId });
    await saveSecrets(id, { accessToken: 'EAAexpired', appSecret: 'a', verifyToken: 'v' });
    expect(await tested(id)).toMatchObject({
      ok: false,
      name: '',
      error: { code: '190', message: 'Invalid OAuth access token - Cannot parse access token' },
    });
    expectRefused(graph.violations, /wrong bearer token/);
  });

  it('Messenger: asks Graph for the Page with the page token and reports its name', async () => {
    await start('messenger');
    const { id } = await createMessengerAccount(h, messenger, { type: 'queue', queueId });
    expect(await tested(id)).toMatchObject({ ok: true, name: 'Jasper’s Market', address: messenger.options.pageId, error: null });
    expect(messenger.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/v23.0/${messenger.options.pageId}`,
      query: { fields: 'id,name' },
      authorization: `Bearer ${messenger.options.pageAccessToken}`,
    });

    messenger.script('page', {
      status: 400,
      body: { error: { message: '(#100) Object with ID does not exist', type: 'GraphMethodException', code: 100, error_subcode: 33 } },
    });
    expect(await tested(id)).toMatchObject({ ok: false, error: { code: '100', message: 'Object with ID does not exist' } });
  });

  it('SMS: fetches the Twilio account and its numbers, and names configured numbers the account does not have', async () => {
    await start();
    const { id } = await createSmsAccount(h, { type: 'queue', queueId });
    expect(await tested(id)).toMatchObject({ ok: true, name: 'Jasper’s Market SMS', address: OUR_NUMBER, missingNumbers: [], error: null });
    expect(twilio.reads).toEqual([
      { path: `/2010-04-01/Accounts/${ACCOUNT_SID}.json`, username: ACCOUNT_SID },
      { path: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, username: ACCOUNT_SID },
    ]);

    const settings = { provider: 'twilio', accountSid: ACCOUNT_SID, phoneNumbers: [OUR_NUMBER, '+4930123456'], messagingServiceSid: '' };
    await h.storage.db
      .updateTable('channel_accounts')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', id)
      .execute();
    h.services.channels.accounts.forget();
    expect(await tested(id)).toMatchObject({ ok: true, address: OUR_NUMBER, missingNumbers: ['+4930123456'] });
  });

  it('SMS: authenticates with the API key when one is saved; reports a wrong token (20003) and a suspended account', async () => {
    await start();
    const { id } = await createSmsAccount(h, { type: 'queue', queueId });
    await saveSecrets(id, { authToken: 'twilio-auth-token-1', apiKeySid: API_KEY.sid, apiKeySecret: API_KEY.secret });
    expect(await tested(id)).toMatchObject({ ok: true });
    expect(twilio.reads.map((r) => r.username)).toEqual([API_KEY.sid, API_KEY.sid]);

    await saveSecrets(id, { authToken: 'not-the-token' });
    expect(await tested(id)).toMatchObject({ ok: false, error: { code: '20003', message: 'Authenticate' } });
    expectRefused(twilio.violations, /Basic auth/);

    await saveSecrets(id, { authToken: 'twilio-auth-token-1' });
    twilio.status = 'suspended';
    expect(await tested(id)).toMatchObject({ ok: false, error: { code: 'ACCOUNT_NOT_ACTIVE', message: 'The Twilio account is suspended' } });
  });

  it('says when the provider cannot be reached', async () => {
    await start();
    const { id } = await createSmsAccount(h, { type: 'queue', queueId });
    await twilio.close();
    expect(await tested(id)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    twilio = await startFakeTwilio();
  });

  it('is for admins only, for messaging accounts only, and 404 for an unknown one', async () => {
    await start();
    const { id } = await createSmsAccount(h, { type: 'queue', queueId });
    expect((await test(id, agent)).statusCode).toBe(403);
    expect((await test(999_999)).statusCode).toBe(404);
    const widget = await createWidget(h, admin, { type: 'queue', queueId });
    const livechat = await test(widget.id);
    expect(livechat.statusCode).toBe(409);
    expect(livechat.json()).toMatchObject({ error: { code: 'NOT_SUPPORTED_BY_CHANNEL' } });
    expect(twilio.sent).toEqual([]);
  });

  it('shows when each account last received a verified webhook; a forged one changes nothing', async () => {
    await start('messenger');
    const sms = await createSmsAccount(h, { type: 'queue', queueId });
    const facebook = await createMessengerAccount(h, messenger, { type: 'queue', queueId });
    const listed = async () => {
      const response = await h.app.inject({ method: 'GET', url: '/api/admin/channels', headers: admin.auth });
      return new Map((response.json() as { channels: ChannelAccount[] }).channels.map((c) => [c.id, c.lastWebhookAt]));
    };
    expect(await listed()).toEqual(new Map([[sms.id, null], [facebook.id, null], ...[]]));

    const before = Date.now();
    expect((await postTwilio(h, sms.key, incomingSms('+491701234567', 'Hi'), 'Zm9yZ2Vk')).statusCode).toBe(403);
    expect((await listed()).get(sms.id)).toBeNull();
    expect((await postTwilio(h, sms.key, incomingSms('+491701234567', 'Hi'))).statusCode).toBe(200);
    const page = messenger.options.pageId;
    expect((await postWebhook(h, facebook.key, fbWebhook(page, fbMessage(page, '2460123', { text: 'Hello' })))).statusCode).toBe(200);
    const times = await listed();
    expect(times.get(sms.id)).toBeGreaterThanOrEqual(before);
    expect(times.get(facebook.id)).toBeGreaterThanOrEqual(before);
    expect((await tested(sms.id)).lastWebhookAt).toBe(times.get(sms.id));
    expect((await accountStorage.byId(h.storage.db, sms.id))?.last_webhook_at).not.toBeNull();
  });
});
