import type { ChannelAccount } from '@switchboard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, TestVisitor } from '../../testing/customer-chat.js';
import { dialects } from '../../testing/databases.js';
import { startHarness, type Harness, type TestUser } from '../../testing/harness.js';

const TOKEN = 'EAAGtoken-never-shown-9f3a';
const APP_SECRET = 'appsecret-never-shown-77c1';
const VERIFY = 'verify-never-shown-42ab';

describe.each(dialects)('channel accounts on %s', (dialect) => {
  let h: Harness;
  let admin: TestUser;
  let queueId: number;
  afterEach(() => h.close());

  const start = async () => {
    h = await startHarness(dialect, { env: { PUBLIC_URL: 'https://chat.example.com/' } });
    admin = await h.user('Root', 'admin');
    queueId = (await createQueue(h, admin, { agentIds: [] })).id;
  };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, user: TestUser | null = admin) =>
    h.app.inject({ method, url, payload, headers: user?.auth ?? {} });
  const whatsapp = (extra: object = {}) => ({
    type: 'whatsapp',
    name: 'Support WhatsApp',
    target: { type: 'queue', queueId },
    settings: { phoneNumberId: '1234567890', displayPhoneNumber: '+49 30 1234567' },
    secrets: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY },
    ...extra,
  });
  const createWhatsApp = async () => {
    const response = await call('POST', '/api/admin/channels', whatsapp());
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Extract<ChannelAccount, { type: 'whatsapp' }>;
  };
  const storedSecrets = async (id: number) =>
    (await h.storage.db.selectFrom('channel_accounts').select('secrets').where('id', '=', id).executeTakeFirstOrThrow()).secrets;

  it('creates, reads, changes and deletes a WhatsApp account, showing its webhook URL and only masks of its secrets', async () => {
    await start();
    const created = await createWhatsApp();
    expect(created).toMatchObject({
      type: 'whatsapp',
      name: 'Support WhatsApp',
      target: { type: 'queue', queueId },
      webhookUrl: `https://chat.example.com/webhooks/${created.key}`,
      capabilities: { templates: true, replyWindowMs: 24 * 60 * 60 * 1000 },
      settings: { phoneNumberId: '1234567890', businessAccountId: '', graphVersion: 'v23.0', templates: [] },
      secrets: {
        accessToken: { set: true, hint: '••••9f3a' },
        appSecret: { set: true, hint: '••••77c1' },
        verifyToken: { set: true, hint: '••••42ab' },
      },
    });
    expect(created.key.length).toBeGreaterThanOrEqual(32);

    const read = await call('GET', `/api/admin/channels/${created.id}`);
    expect(read.json()).toEqual(created);
    const list = await call('GET', '/api/admin/channels');
    expect((list.json() as { channels: ChannelAccount[] }).channels.map((c) => c.id)).toContain(created.id);

    const template = { name: 'order_update', language: 'en_US', body: 'Your order {{1}} shipped', parameterCount: 1 };
    const changed = await call('PUT', `/api/admin/channels/${created.id}`, {
      ...whatsapp({ name: 'Sales WhatsApp' }),
      settings: { phoneNumberId: '1234567890', templates: [template] },
      secrets: {},
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Sales WhatsApp', key: created.key, settings: { templates: [template] } });

    expect((await call('DELETE', `/api/admin/channels/${created.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/admin/channels/${created.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/admin/channels/${created.id}`)).json().error.code).toBe('NOT_FOUND');
  });

  it('creates and changes a live chat account, also seen through the widget routes', async () => {
    await start();
    const response = await call('POST', '/api/admin/channels', { type: 'livechat', name: 'Website', target: { type: 'queue', queueId } });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as ChannelAccount;
    expect(created).toMatchObject({ type: 'livechat', webhookUrl: '', settings: { askName: true, colour: '#1f6feb', language: 'auto' } });
    expect(created).not.toHaveProperty('secrets');

    const changed = await call('PUT', `/api/admin/channels/${created.id}`, {
      type: 'livechat',
      name: 'Shop',
      target: { type: 'extension', userId: admin.id },
      settings: { colour: '#ff0000', allowCalls: true },
    });
    expect(changed.json()).toMatchObject({ name: 'Shop', target: { type: 'extension', userId: admin.id }, settings: { colour: '#ff0000', allowCalls: true } });
    const widgets = (await call('GET', '/api/admin/widgets')).json() as { widgets: { id: number; name: string; colour: string }[] };
    expect(widgets.widgets).toEqual([expect.objectContaining({ id: created.id, name: 'Shop', colour: '#ff0000' })]);
    expect((await h.app.inject({ method: 'GET', url: `/api/widget/${created.key}/config` })).json()).toMatchObject({ colour: '#ff0000' });
  });

  it('never answers a secret: not on create, read, list, change, nor to colleagues', async () => {
    await start();
    const agent = await h.user('Agent', 'agent');
    const created = await createWhatsApp();
    const answers = [
      JSON.stringify(created),
      (await call('GET', `/api/admin/channels/${created.id}`)).body,
      (await call('GET', '/api/admin/channels')).body,
      (await call('PUT', `/api/admin/channels/${created.id}`, whatsapp())).body,
      (await call('GET', '/api/channels', undefined, agent)).body,
      (await call('GET', '/api/openapi.json', undefined, null)).body,
    ];
    for (const body of answers) {
      for (const secret of [TOKEN, APP_SECRET, VERIFY]) expect(body).not.toContain(secret);
    }
  });

  it('stores secrets encrypted, so only the server key opens them', async () => {
    await start();
    const created = await createWhatsApp();
    const stored = await storedSecrets(created.id);
    for (const secret of [TOKEN, APP_SECRET, VERIFY]) expect(stored).not.toContain(secret);
    expect(h.services.secretBox.open(stored)).toEqual({ accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY });
    const context = await h.services.channelAccounts.contextByKey(created.key);
    expect(context).toMatchObject({ id: created.id, type: 'whatsapp', secrets: { accessToken: TOKEN }, settings: { phoneNumberId: '1234567890' } });
    expect((await h.services.channelAccounts.context(created.id))?.secrets.appSecret).toBe(APP_SECRET);
    expect(await h.services.channelAccounts.contextByKey('no-such-key')).toBeUndefined();
  });

  it('keeps a secret left out or null on PUT, and replaces one sent anew', async () => {
    await start();
    const created = await createWhatsApp();
    // Read once, so the webhook side holds it in its cache: a change must still be seen at once.
    expect((await h.services.channelAccounts.contextByKey(created.key))?.secrets.accessToken).toBe(TOKEN);
    const put = await call('PUT', `/api/admin/channels/${created.id}`, whatsapp({ secrets: { accessToken: 'EAAGnew-token-0000', appSecret: null } }));
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().secrets).toEqual({
      accessToken: { set: true, hint: '••••0000' },
      appSecret: { set: true, hint: '••••77c1' },
      verifyToken: { set: true, hint: '••••42ab' },
    });
    expect(h.services.secretBox.open(await storedSecrets(created.id))).toEqual({
      accessToken: 'EAAGnew-token-0000',
      appSecret: APP_SECRET,
      verifyToken: VERIFY,
    });
  });

  it('reads secrets sealed by a server with another key as set, and asks for all of them again on change', async () => {
    await start();
    const created = await createWhatsApp();
    // As if the row came from a server with another SECRET_KEY: sealed with a key this server does not have.
    const { SecretBox } = await import('../secrets.js');
    const { randomBytes } = await import('node:crypto');
    const foreign = new SecretBox(randomBytes(32)).seal({ accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY });
    await h.storage.db.updateTable('channel_accounts').set({ secrets: foreign }).where('id', '=', created.id).execute();
    expect(() => h.services.secretBox.open(foreign)).toThrow(/another SECRET_KEY/);

    const read = await call('GET', `/api/admin/channels/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().secrets.accessToken).toEqual({ set: true, hint: '' });
    const partial = await call('PUT', `/api/admin/channels/${created.id}`, whatsapp({ secrets: { accessToken: 'EAAGagain-1111' } }));
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.message).toMatch(/body\.secrets\.appSecret: the saved secrets cannot be read/);
    expect(await storedSecrets(created.id)).toBe(foreign);
    const full = await call('PUT', `/api/admin/channels/${created.id}`, whatsapp());
    expect(full.statusCode).toBe(200);
  });

  it('refuses what does not make sense with 400 and the field at fault, and stores nothing', async () => {
    await start();
    const created = await createWhatsApp();
    const cases: [object, RegExp][] = [
      [whatsapp({ secrets: { accessToken: TOKEN } }), /body\.secrets\.appSecret: required.*body\.secrets\.verifyToken: required/],
      [whatsapp({ target: { type: 'queue', queueId: 999999 } }), /body\.target: no such queue/],
      [whatsapp({ target: { type: 'extension', userId: 999999 } }), /body\.target: no such extension/],
      [whatsapp({ settings: { phoneNumberId: '12ab' } }), /settings\.phoneNumberId/],
      [whatsapp({ settings: { phoneNumberId: '1', graphVersion: 'latest' } }), /settings\.graphVersion/],
      [whatsapp({ settings: { phoneNumberId: '1', templates: [{ name: 'Bad Name', language: 'en' }] } }), /settings\.templates\.0\.name/],
      [whatsapp({ name: '' }), /name/],
      [{ ...whatsapp(), type: 'fax' }, /type/],
    ];
    for (const [payload, message] of cases) {
      const response = await call('POST', '/api/admin/channels', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
    }
    const disabled = await h.user('Gone', 'agent');
    await h.storage.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
    const toDisabled = await call('POST', '/api/admin/channels', whatsapp({ target: { type: 'extension', userId: disabled.id } }));
    expect(toDisabled.json().error.message).toMatch(/no such extension/);

    const retype = await call('PUT', `/api/admin/channels/${created.id}`, { type: 'livechat', name: 'X', target: { type: 'queue', queueId } });
    expect(retype.statusCode).toBe(400);
    expect(retype.json().error.message).toMatch(/body\.type: a whatsapp channel cannot become livechat/);
    expect((await call('GET', '/api/admin/channels')).json().channels).toHaveLength(1);
    expect((await call('PUT', '/api/admin/channels/999999', whatsapp())).statusCode).toBe(404);
  });

  it('deletes an account with chats: the conversations stay with their history, no longer tied to it', async () => {
    await start();
    const response = await call('POST', '/api/admin/channels', { type: 'livechat', name: 'Website', target: { type: 'queue', queueId } });
    const account = response.json() as ChannelAccount;
    const visitor = await TestVisitor.start(h, account.key);
    const message = await visitor.write('Hello, is anyone there?');

    expect((await call('DELETE', `/api/admin/channels/${account.id}`)).statusCode).toBe(200);
    const conversation = await h.storage.db
      .selectFrom('conversations')
      .select(['id', 'account_id'])
      .where('id', '=', message.conversationId)
      .executeTakeFirstOrThrow();
    expect(conversation.account_id).toBeNull();
    const kept = await h.storage.db.selectFrom('messages').select('body').where('conversation_id', '=', conversation.id).execute();
    expect(kept.map((m) => m.body)).toContain('Hello, is anyone there?');
  });

  it('lets only admins manage accounts; every colleague lists their names and numbers; strangers nothing', async () => {
    await start();
    const manager = await h.user('Manager', 'manager');
    const agent = await h.user('Agent', 'agent');
    const created = await createWhatsApp();
    const livechat = await call('POST', '/api/admin/channels', { type: 'livechat', name: 'Website', target: { type: 'queue', queueId } });
    expect(livechat.statusCode).toBe(201);

    for (const user of [manager, agent]) {
      const refused = [
        await call('GET', '/api/admin/channels', undefined, user),
        await call('GET', `/api/admin/channels/${created.id}`, undefined, user),
        await call('POST', '/api/admin/channels', whatsapp(), user),
        await call('PUT', `/api/admin/channels/${created.id}`, whatsapp(), user),
        await call('DELETE', `/api/admin/channels/${created.id}`, undefined, user),
        await call('GET', '/api/admin/widgets', undefined, user),
      ];
      for (const response of refused) expect(response.json().error?.code, `${user.role} ${response.body}`).toBe('FORBIDDEN');
    }
    for (const response of [await call('GET', '/api/admin/channels', undefined, null), await call('GET', '/api/channels', undefined, null)]) {
      expect(response.statusCode).toBe(401);
    }
    for (const user of [admin, manager, agent]) {
      const refs = await call('GET', '/api/channels', undefined, user);
      expect(refs.statusCode).toBe(200);
      expect(refs.json()).toEqual({
        channels: [
          { id: created.id, type: 'whatsapp', name: 'Support WhatsApp', address: '+49 30 1234567' },
          { id: livechat.json().id, type: 'livechat', name: 'Website', address: '' },
        ],
      });
    }
    expect((await call('GET', `/api/admin/channels/${created.id}`)).statusCode).toBe(200);
  });
});
