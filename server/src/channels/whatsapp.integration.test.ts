import type { Conversation, ConversationInfo, Message } from '@switchboard/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentOnline, clientId } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import type { FakeGraph } from '../testing/fake-graph.js';
import { graphError } from '../testing/fake-meta.js';
import { channelApi, startChannelTestbed, stopChannelTestbed } from '../testing/channels.js';
import type { Harness, TestUser } from '../testing/harness.js';
import { createWhatsAppAccount, postWebhook, providerNow, startFakeGraph, VERIFY_TOKEN, type TestWhatsAppAccount } from '../testing/whatsapp.js';
import { signWebhook, waContact, waMessage, waStatus, waWebhook } from '../testing/whatsapp-webhooks.js';
import type { TestSocket } from '../testing/ws-client.js';

const HOUR = 60 * 60 * 1000;
const CUSTOMER = '491701234567';

/**
 * WhatsApp end to end through the HTTP API: Meta's webhooks (built and signed as Meta does) in, the fake
 * Graph API checking every request our server makes out, on both databases.
 */
describe.each(dialects)('WhatsApp Cloud API channel on %s', (dialect) => {
  let h: Harness;
  let fake: FakeGraph;
  let admin: TestUser;
  let agent: TestUser;
  let account: TestWhatsAppAccount;
  let socket: TestSocket | undefined;

  beforeEach(async () => {
    fake = await startFakeGraph();
    let queueId: number;
    ({ h, admin, agent, socket, queueId } = await startChannelTestbed(dialect, { META_GRAPH_URL: fake.url }));
    account = await createWhatsAppAccount(h, fake, { type: 'queue', queueId });
  });

  afterEach(() => stopChannelTestbed(h, socket, fake));

  const { settle, conversations, history, reply, take, inboxRows } = channelApi(() => h);
  const inbound = (text: string, options: { id?: string; timestamp?: number; name?: string; from?: string } = {}) =>
    waWebhook(fake.options.phoneNumberId, {
      contacts: [waContact(options.from ?? CUSTOMER, options.name ?? 'Jane Doe')],
      messages: [waMessage('text', { body: text }, { from: options.from ?? CUSTOMER, id: options.id, timestamp: options.timestamp ?? providerNow() })],
    });
  /** The wamid the fake gave the last message our server sent. */
  const lastWamid = () => (fake.requests.at(-1)!.response as { messages: { id: string }[] }).messages[0]!.id;

  /** A customer's first message, routed to the queue and taken by the agent. */
  async function takenChat(text = 'Hello, is my order on its way?'): Promise<Conversation> {
    expect((await postWebhook(h, account.key, inbound(text))).statusCode).toBe(200);
    await settle();
    const [offered] = await conversations(agent);
    expect(offered).toMatchObject({ channel: 'whatsapp', state: 'queued', myRole: 'offered', title: 'Jane Doe' });
    expect((await take(agent, offered!.id)).statusCode).toBe(200);
    return (await conversations(agent))[0]!;
  }

  it('answers the subscription handshake only with the right verify token', async () => {
    const handshake = (token: string) =>
      h.app.inject({ method: 'GET', url: `/webhooks/${account.key}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444` });
    const good = await handshake(VERIFY_TOKEN);
    expect([good.statusCode, good.body]).toEqual([200, '1158201444']);
    expect((await handshake('guess')).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/webhooks/no-such-account?hub.mode=subscribe' })).statusCode).toBe(404);
  });

  it('refuses a webhook with a missing or wrong signature (401) and stores nothing', async () => {
    const body = JSON.stringify(inbound('Hi'));
    expect((await postWebhook(h, account.key, body, null)).statusCode).toBe(401);
    expect((await postWebhook(h, account.key, body, signWebhook('not-the-app-secret', body))).statusCode).toBe(401);
    // The same JSON with other whitespace is not what was signed.
    expect((await postWebhook(h, account.key, JSON.stringify(JSON.parse(body), null, 2), signWebhook('app-secret-1', body))).statusCode).toBe(401);
    expect(await inboxRows()).toEqual([]);
    await settle();
    expect(await conversations(agent)).toEqual([]);
  });

  it('refuses what is not a webhook of a WhatsApp account before reading or storing it', async () => {
    // Larger than any webhook Meta sends: refused while it arrives.
    const huge = `{"object":"whatsapp_business_account","pad":"${'x'.repeat(1_100_000)}"}`;
    expect((await postWebhook(h, account.key, huge)).statusCode).toBe(413);
    expect((await postWebhook(h, 'no-such-key', inbound('Hi'))).statusCode).toBe(404);
    const widget = await h.app.inject({
      method: 'POST',
      url: '/api/admin/widgets',
      headers: admin.auth,
      payload: { name: 'Website', target: { type: 'queue', queueId: 1 } },
    });
    expect((await postWebhook(h, widget.json().key, inbound('Hi'))).statusCode).toBe(404);
    // Signed with the right secret but not Meta's shape: stored (it was signed), then kept as failed, never a message.
    expect((await postWebhook(h, account.key, '{"object":"page","entry":"nonsense"}')).statusCode).toBe(200);
    await settle();
    expect(await conversations(agent)).toEqual([]);
    expect(await inboxRows()).toMatchObject([{ state: 'failed', attempts: 1 }]);
  });

  it('routes a customer message to the queue; the agent takes it and answers; Meta reports it delivered, then read', async () => {
    const chat = await takenChat();
    expect(chat.account).toMatchObject({ type: 'whatsapp', name: 'Support WhatsApp', address: '+1 555 078 3881' });
    expect(chat.capabilities).toMatchObject({ endSession: false, block: true, templates: true, delivery: true });
    expect(chat.replyWindowClosesAt).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect(chat.customer).toMatchObject({ name: 'Jane Doe', phone: `+${CUSTOMER}`, channel: 'whatsapp' });

    const sent = await reply(agent, chat.id, 'Yes, it ships today.');
    expect(sent.statusCode, sent.body).toBe(200);
    expect((sent.json() as Message).delivery?.state).toBe('sending');
    await settle();
    expect(fake.sent.at(-1)).toMatchObject({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'Yes, it ships today.' } });
    const wamid = lastWamid();
    let mine = (await history(agent, chat.id)).at(-1)!;
    expect(mine.delivery?.state).toBe('sent');

    for (const status of ['delivered', 'read', 'delivered'] as const) {
      await postWebhook(h, account.key, waWebhook(fake.options.phoneNumberId, { statuses: [waStatus(wamid, status, { timestamp: providerNow() })] }));
    }
    await settle();
    mine = (await history(agent, chat.id)).at(-1)!;
    // A late "delivered" after "read" does not move it back.
    expect(mine.delivery).toMatchObject({ state: 'read', error: null });
    // The agent's client heard each step as it happened.
    await socket!.next((e) => e.type === 'message.updated' && e.message.delivery?.state === 'read');
    const steps = socket!.events.flatMap((e) => (e.type === 'message.updated' && e.message.id === mine.id ? [e.message.delivery?.state] : []));
    expect(steps).toEqual(['sent', 'delivered', 'read']);
  });

  it('stores a webhook Meta retries only once, and shows the customer’s message once', async () => {
    const body = inbound('Only once please', { id: 'wamid.RETRIED1' });
    for (let i = 0; i < 3; i++) expect((await postWebhook(h, account.key, body)).statusCode).toBe(200);
    await settle();
    expect(await inboxRows()).toHaveLength(1);
    const [chat] = await conversations(agent);
    expect((await history(agent, chat!.id)).map((m) => m.body)).toEqual(['Only once please']);
  });

  it('retries a send Meta answered with 429, and shows a refused send as failed until the agent retries it', async () => {
    const chat = await takenChat();
    fake.script('messages', { status: 429, headers: { 'retry-after': '0' }, body: graphError(130429, 'Rate limit hit').body });
    await reply(agent, chat.id, 'First try is rate limited');
    await settle();
    // Retry-After: 0 makes it due again at once: the same drain sent it a second time, successfully.
    expect((await history(agent, chat.id)).at(-1)?.delivery?.state).toBe('sent');
    expect(fake.sent.filter((m) => (m.text as { body?: string } | undefined)?.body === 'First try is rate limited')).toHaveLength(2);

    fake.script('messages', graphError(131026, 'Message Undeliverable'));
    const refused = (await reply(agent, chat.id, 'This one is refused')).json() as Message;
    await settle();
    const failed = (await history(agent, chat.id)).at(-1)!;
    expect(failed.delivery).toMatchObject({ state: 'failed', error: { code: '131026' } });
    expect(failed.delivery?.error?.message).toContain('Undeliverable');

    const colleague = await h.user('Ben Agent');
    const notMine = await h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages/${refused.id}/retry`, headers: colleague.auth });
    expect(notMine.statusCode).toBe(403);
    const retried = await h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/messages/${refused.id}/retry`, headers: agent.auth });
    expect(retried.statusCode, retried.body).toBe(200);
    // Queued again: 'sending', or already 'sent' when the outbox was quicker than this answer (seen on a loaded CI).
    expect(['sending', 'sent']).toContain((retried.json() as Message).delivery?.state);
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.delivery).toMatchObject({ state: 'sent', error: null });
    expect(fake.sent.filter((m) => (m.text as { body?: string } | undefined)?.body === 'This one is refused')).toHaveLength(2);
  });

  it('refuses free text 24 hours after the customer last wrote, and sends an approved template instead', async () => {
    await h.storage.db
      .updateTable('channel_accounts')
      .set({
        settings: JSON.stringify({
          phoneNumberId: fake.options.phoneNumberId,
          graphVersion: fake.options.version,
          templates: [],
          businessAccountId: fake.options.businessAccountId,
        }),
      })
      .where('id', '=', account.id)
      .execute();
    fake.templates = [
      {
        name: 'order_update',
        language: 'en_US',
        status: 'APPROVED',
        category: 'UTILITY',
        id: '1',
        components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} has shipped.' }],
      },
    ];
    expect((await postWebhook(h, account.key, inbound('Old question', { timestamp: providerNow(-25 * HOUR) }))).statusCode).toBe(200);
    await settle();
    const [offered] = await conversations(agent);
    await take(agent, offered!.id);
    const chat = (await conversations(agent))[0]!;
    expect(chat.replyWindowClosesAt).toBeLessThan(Date.now());

    const free = await reply(agent, chat.id, 'Sorry for the wait');
    expect(free.statusCode).toBe(409);
    expect(free.json().error.code).toBe('REPLY_WINDOW_CLOSED');

    const templates = await h.app.inject({ method: 'GET', url: `/api/conversations/${chat.id}/templates`, headers: agent.auth });
    expect(templates.json()).toEqual({
      source: 'api',
      templates: [{ name: 'order_update', language: 'en_US', body: 'Hello {{1}}, your order {{2}} has shipped.', parameterCount: 2 }],
    });
    const wrongCount = await h.app.inject({
      method: 'POST',
      url: `/api/conversations/${chat.id}/templates`,
      headers: agent.auth,
      payload: { clientId: clientId(), name: 'order_update', language: 'en_US', parameters: ['Jane'] },
    });
    expect(wrongCount.statusCode).toBe(400);
    const sent = await h.app.inject({
      method: 'POST',
      url: `/api/conversations/${chat.id}/templates`,
      headers: agent.auth,
      payload: { clientId: clientId(), name: 'order_update', language: 'en_US', parameters: ['Jane', 'A-1001'] },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((sent.json() as Message).body).toBe('Hello Jane, your order A-1001 has shipped.');
    await settle();
    expect(fake.sent.at(-1)).toMatchObject({
      to: CUSTOMER,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Jane' },
              { type: 'text', text: 'A-1001' },
            ],
          },
        ],
      },
    });
    // The customer answers: the window opens again and free text goes.
    await postWebhook(h, account.key, inbound('Thanks!'));
    await settle();
    expect((await reply(agent, chat.id, 'You are welcome')).statusCode).toBe(200);
  });

  it('starts a WhatsApp chat with a number by a template; it is the agent’s at once', async () => {
    await h.storage.db
      .updateTable('channel_accounts')
      .set({
        settings: JSON.stringify({
          phoneNumberId: fake.options.phoneNumberId,
          graphVersion: fake.options.version,
          templates: [{ name: 'hello_world', language: 'en_US', body: 'Hello from Acme', parameterCount: 0 }],
        }),
      })
      .where('id', '=', account.id)
      .execute();
    const outsider = await h.user('Otto Outsider');
    const listFor = (user: TestUser) => h.app.inject({ method: 'GET', url: `/api/channels/${account.id}/templates`, headers: user.auth });
    expect((await listFor(outsider)).statusCode).toBe(403);
    expect((await listFor(agent)).json()).toEqual({
      source: 'manual',
      templates: [{ name: 'hello_world', language: 'en_US', body: 'Hello from Acme', parameterCount: 0 }],
    });
    const payload = { clientId: clientId(), phone: '+49 170 5550001', customerName: 'Max', name: 'hello_world', language: 'en_US', parameters: [] };
    expect((await h.app.inject({ method: 'POST', url: `/api/channels/${account.id}/conversations`, headers: outsider.auth, payload })).statusCode).toBe(403);
    const started = await h.app.inject({ method: 'POST', url: `/api/channels/${account.id}/conversations`, headers: agent.auth, payload });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ channel: 'whatsapp', state: 'owned', myRole: 'owner', title: 'Max' });
    await settle();
    expect(fake.sent.at(-1)).toMatchObject({ to: '491705550001', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(fake.sent.at(-1)?.template).not.toHaveProperty('components');
  });

  it('takes in a customer known only by a business-scoped id, and answers them by it', async () => {
    const body = waWebhook(fake.options.phoneNumberId, {
      contacts: [waContact(undefined, 'Private Person', 'US.13491208655302741918')],
      messages: [waMessage('text', { body: 'No number here' }, { fromUserId: 'US.13491208655302741918', timestamp: providerNow() })],
    });
    expect((await postWebhook(h, account.key, body)).statusCode).toBe(200);
    await settle();
    const [offered] = await conversations(agent);
    expect(offered?.customer).toMatchObject({ name: 'Private Person', phone: '' });
    await take(agent, offered!.id);
    await reply(agent, offered!.id, 'We can still help');
    await settle();
    expect(fake.sent.at(-1)).toMatchObject({ recipient: 'US.13491208655302741918', type: 'text' });
    const info = (await h.app.inject({ method: 'GET', url: `/api/conversations/${offered!.id}/info`, headers: agent.auth })).json() as ConversationInfo;
    expect(info.identities).toEqual([{ type: 'whatsapp', accountName: 'Support WhatsApp', address: 'US.13491208655302741918' }]);
  });

  it('receives a photo into the file pipeline, and sends an agent’s file by uploading it first', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    fake.addMedia('1203947', photo, 'image/jpeg');
    const body = waWebhook(fake.options.phoneNumberId, {
      contacts: [waContact(CUSTOMER, 'Jane Doe')],
      messages: [
        waMessage('image', { id: '1203947', mime_type: 'image/jpeg', sha256: 'x', caption: 'The broken part' }, { from: CUSTOMER, timestamp: providerNow() }),
      ],
    });
    await postWebhook(h, account.key, body);
    await settle();
    const [chat] = await conversations(agent);
    const [received] = await history(agent, chat!.id);
    expect(received).toMatchObject({ body: 'The broken part', attachments: [{ kind: 'image', mime: 'image/jpeg', width: 40, height: 30 }] });

    await take(agent, chat!.id);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)]), 'label.jpg');
    const upload = await fetch(`${h.url}/api/conversations/${chat!.id}/files`, { method: 'POST', headers: agent.auth, body: form });
    const [file] = ((await upload.json()) as { files: { id: number }[] }).files;
    expect((await reply(agent, chat!.id, 'Here is your return label', { fileIds: [file!.id] })).statusCode).toBe(200);
    await settle();
    const image = fake.sent.at(-1) as { type: string; image: { id: string; caption: string } };
    expect(image).toMatchObject({ to: CUSTOMER, type: 'image', image: { caption: 'Here is your return label' } });
    expect(fake.uploaded(image.image.id)?.bytes.equals(photo)).toBe(true);
  });

  it('routes a message stored right before a crash once the server is back', async () => {
    h.services.channels.workers.paused = true;
    expect((await postWebhook(h, account.key, inbound('Sent just before the crash'))).statusCode).toBe(200);
    expect(await inboxRows()).toMatchObject([{ state: 'pending' }]);
    await socket?.close();
    await h.restart();
    socket = await agentOnline(h, agent, []);
    await settle();
    const [chat] = await conversations(agent);
    expect(chat?.state).toBe('queued');
    expect((await history(agent, chat!.id)).map((m) => m.body)).toEqual(['Sent just before the crash']);
  });

  it('keeps a blocked number’s messages without routing them', async () => {
    const chat = await takenChat();
    expect((await h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/end`, headers: agent.auth })).json().error.code).toBe(
      'NOT_SUPPORTED_BY_CHANNEL',
    );
    expect((await h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/block`, headers: agent.auth })).statusCode).toBe(200);
    await postWebhook(h, account.key, inbound('Let me in'));
    await settle();
    const stored = await h.storage.db.selectFrom('messages').select(['body']).where('conversation_id', '=', chat.id).where('author', '=', 'customer').execute();
    expect(stored.map((m) => m.body)).toContain('Let me in');
    const conversation = await h.storage.db.selectFrom('conversations').select('state').where('id', '=', chat.id).executeTakeFirstOrThrow();
    expect(conversation.state).toBe('closed');
  });

  it('tells WhatsApp the customer’s messages were read when the agent reads them, and shows their reactions', async () => {
    const chat = await takenChat('Can I change my address?');
    const [question] = await history(agent, chat.id);
    const read = await h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/read`, headers: agent.auth, payload: { messageId: question!.id } });
    expect(read.statusCode).toBe(200);
    await vi.waitFor(() => expect(fake.sent.some((m) => m.status === 'read')).toBe(true));
    const wamid = await h.storage.db.selectFrom('messages').select('external_id').where('id', '=', question!.id).executeTakeFirstOrThrow();
    expect(fake.sent.find((m) => m.status === 'read')).toMatchObject({ messaging_product: 'whatsapp', status: 'read', message_id: wamid.external_id });

    await reply(agent, chat.id, 'Yes, until it ships.');
    await settle();
    const answer = (await history(agent, chat.id)).at(-1)!;
    const answerWamid = (await h.storage.db.selectFrom('messages').select('external_id').where('id', '=', answer.id).executeTakeFirstOrThrow()).external_id!;
    const react = (emoji: string) =>
      postWebhook(
        h,
        account.key,
        waWebhook(fake.options.phoneNumberId, {
          contacts: [waContact(CUSTOMER, 'Jane Doe')],
          messages: [waMessage('reaction', { message_id: answerWamid, emoji }, { from: CUSTOMER, timestamp: providerNow() })],
        }),
      );
    await react('👍');
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.reactions).toEqual([{ emoji: '👍', byName: 'Jane Doe', byCustomer: true }]);
    await react('');
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.reactions).toEqual([]);
  });

  it('shows a send WhatsApp later reports failed with its error code', async () => {
    const chat = await takenChat();
    await reply(agent, chat.id, 'This will bounce');
    await settle();
    const wamid = lastWamid();
    const failed = waStatus(wamid, 'failed', {
      timestamp: providerNow(),
      errors: [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' }],
    });
    await postWebhook(h, account.key, waWebhook(fake.options.phoneNumberId, { statuses: [failed] }));
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.delivery).toMatchObject({ state: 'failed', error: { code: '131049' } });
  });

  it('merges a website visitor and a WhatsApp customer who are the same person, after a search by name', async () => {
    const chat = await takenChat();
    const widget = await h.app.inject({
      method: 'POST',
      url: '/api/admin/widgets',
      headers: admin.auth,
      payload: { name: 'Website', target: { type: 'queue', queueId: 1 } },
    });
    const visit = await h.app.inject({
      method: 'POST',
      url: `/api/widget/${widget.json().key}/visits`,
      payload: { name: 'Jane Doe (web)', email: 'jane@example.test' },
    });
    const visitor = visit.json() as { visitorId: number };

    const colleague = await h.user('Ben Agent');
    const search = (user: TestUser, q: string) => h.app.inject({ method: 'GET', url: `/api/customers?q=${encodeURIComponent(q)}`, headers: user.auth });
    const found = (await search(agent, 'jane')).json().customers as { id: number; channels: string[] }[];
    expect(found.map((c) => c.id)).toContain(visitor.visitorId);
    expect((await search(agent, 'j')).statusCode).toBe(400);

    const merge = (user: TestUser) =>
      h.app.inject({ method: 'POST', url: `/api/conversations/${chat.id}/merge`, headers: user.auth, payload: { customerId: visitor.visitorId } });
    expect((await merge(colleague)).statusCode).toBe(403);
    expect((await merge(agent)).statusCode).toBe(200);
    const info = (await h.app.inject({ method: 'GET', url: `/api/conversations/${chat.id}/info`, headers: agent.auth })).json() as ConversationInfo;
    expect(info.customer).toMatchObject({ name: 'Jane Doe', email: 'jane@example.test', phone: `+${CUSTOMER}` });
    expect(info.identities.map((i) => i.type).sort()).toEqual(['livechat', 'whatsapp']);
    expect((await merge(agent)).statusCode).toBe(404);
  });
});
