import type { Conversation, Message } from '@switchboard/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../testing/databases.js';
import { graphError } from '../testing/fake-meta.js';
import { FakeMessenger } from '../testing/fake-messenger.js';
import { channelApi, startChannelTestbed, stopChannelTestbed } from '../testing/channels.js';
import type { Harness, TestUser } from '../testing/harness.js';
import {
  createMessengerAccount,
  fbDelivery,
  fbEcho,
  fbMessage,
  fbPostback,
  fbReaction,
  fbRead,
  fbWebhook,
  type TestMessengerAccount,
} from '../testing/messenger.js';
import { postWebhook, VERIFY_TOKEN } from '../testing/whatsapp.js';
import { signWebhook } from '../testing/whatsapp-webhooks.js';
import type { TestSocket } from '../testing/ws-client.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const PSID = '24601234567890123';

/**
 * Facebook Messenger end to end through the HTTP API: Meta's webhooks (built and signed as Meta does) in,
 * the fake Messenger Graph API checking every request our server makes out, on both databases.
 */
describe.each(dialects)('Facebook Messenger channel on %s', (dialect) => {
  let h: Harness;
  let fake: FakeMessenger;
  let admin: TestUser;
  let agent: TestUser;
  let queueId: number;
  let account: TestMessengerAccount;
  let socket: TestSocket | undefined;

  beforeEach(async () => {
    fake = await FakeMessenger.start();
    fake.profiles.set(PSID, { first_name: 'Jane', last_name: 'Doe' });
    ({ h, admin, agent, socket, queueId } = await startChannelTestbed(dialect, { META_GRAPH_URL: fake.url }));
    account = await createMessengerAccount(h, fake, { type: 'queue', queueId });
  });

  afterEach(() => stopChannelTestbed(h, socket, fake));

  const page = () => fake.options.pageId;
  const { settle, conversations, history, reply, take, inboxRows } = channelApi(() => h);
  /** A customer's text message, as Meta tells it (and as Meta then knows when they last wrote). */
  const inbound = (text: string, options: { at?: number; psid?: string; mid?: string } = {}) => {
    const at = options.at ?? Date.now();
    fake.lastInbound.set(options.psid ?? PSID, at);
    return fbWebhook(page(), fbMessage(page(), options.psid ?? PSID, { text, ...(options.mid ? { mid: options.mid } : {}) }, at));
  };
  const post = (body: unknown, key = account.key) => postWebhook(h, key, body);
  /** The mid the fake gave the last message our server sent. */
  const lastMid = () => (fake.requests.filter((r) => r.path.endsWith('/messages')).at(-1)!.response as { message_id: string }).message_id;

  /** A customer's first message, routed to the queue and taken by the agent. */
  async function takenChat(text = 'Hi, where is my parcel?', at?: number): Promise<Conversation> {
    expect((await post(inbound(text, { at }))).statusCode).toBe(200);
    await settle();
    const [offered] = await conversations(agent);
    expect(offered).toMatchObject({ channel: 'messenger', state: 'queued', myRole: 'offered', title: 'Jane Doe' });
    expect((await take(agent, offered!.id)).statusCode).toBe(200);
    return (await conversations(agent))[0]!;
  }

  /** The agent's reply, sent through the outbox: the message as it then is, and its mid at Meta. */
  async function answered(chat: Conversation, text: string): Promise<{ message: Message; mid: string }> {
    expect((await reply(agent, chat.id, text)).statusCode).toBe(200);
    await settle();
    return { message: (await history(agent, chat.id)).at(-1)!, mid: lastMid() };
  }

  it('answers the subscription handshake only with the right verify token', async () => {
    const handshake = (token: string) =>
      h.app.inject({ method: 'GET', url: `/webhooks/${account.key}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444` });
    const good = await handshake(VERIFY_TOKEN);
    expect([good.statusCode, good.body]).toEqual([200, '1158201444']);
    expect((await handshake('guess')).statusCode).toBe(403);
  });

  it('refuses a webhook with a missing or wrong signature (401) and stores nothing', async () => {
    const body = JSON.stringify(inbound('Hi'));
    expect((await postWebhook(h, account.key, body, null)).statusCode).toBe(401);
    expect((await postWebhook(h, account.key, body, signWebhook('not-the-app-secret', body))).statusCode).toBe(401);
    expect(await inboxRows()).toEqual([]);
    expect((await postWebhook(h, account.key, body)).statusCode).toBe(200);
    expect(await inboxRows()).toHaveLength(1);
  });

  it('stores a webhook Meta retries only once, and shows the customer’s message once', async () => {
    const body = inbound('Only once please', { mid: 'm_RETRIED1' });
    for (let i = 0; i < 3; i++) expect((await post(body)).statusCode).toBe(200);
    await settle();
    expect(await inboxRows()).toHaveLength(1);
    const [chat] = await conversations(agent);
    expect((await history(agent, chat!.id)).map((m) => m.body)).toEqual(['Only once please']);
  });

  it('routes a message to the queue with the name from the profile (asked once); the reply goes as a RESPONSE', async () => {
    const chat = await takenChat();
    expect(chat.account).toMatchObject({ type: 'messenger', name: 'Support Messenger' });
    expect(chat.customer).toMatchObject({ name: 'Jane Doe', channel: 'messenger' });
    expect(chat.replyWindowClosesAt).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect(chat.replyWindowClosesAt).toBeLessThan(Date.now() + 25 * HOUR);
    expect(chat.capabilities).toMatchObject({ replyWindowMs: DAY, fileLimits: { types: [{ mimes: ['*/*'], maxBytes: 25 * 1024 * 1024 }] } });

    const { message } = await answered(chat, 'It ships today.');
    expect(message.delivery?.state).toBe('sent');
    expect(fake.sent.at(-1)).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'It ships today.' } });
    expect(fake.requests.at(-1)?.path).toBe(`/v23.0/${page()}/messages`);

    // A quick reply and a tapped button read as what the customer saw; the profile is not asked again.
    await post(fbWebhook(page(), fbMessage(page(), PSID, { text: 'Yes please', quick_reply: { payload: 'CONFIRM_YES' } })));
    await post(fbWebhook(page(), fbPostback(page(), PSID, 'Talk to a human', 'HUMAN')));
    await settle();
    expect((await history(agent, chat.id)).slice(-2).map((m) => m.body)).toEqual(['Yes please', 'Talk to a human']);
    expect(fake.profileLookups(PSID)).toBe(1);
  });

  it('takes a customer in without a name when the profile cannot be read', async () => {
    fake.script('profile', graphError(2018218, 'Cannot get profile', 400));
    await post(inbound('Hello?', { psid: '99887766554433' }));
    await settle();
    const [offered] = await conversations(agent);
    // No name: clients show "Anonymous", as for a visitor who gave none.
    expect(offered).toMatchObject({ channel: 'messenger', state: 'queued', title: '' });
    expect((await history(agent, offered!.id)).map((m) => m.body)).toEqual(['Hello?']);
  });

  it('does not show our own reply twice when Meta echoes it, and shows a reply from the Page inbox as from Facebook', async () => {
    const chat = await takenChat();
    const { mid } = await answered(chat, 'On its way.');
    await post(fbWebhook(page(), fbEcho(page(), PSID, mid, 'On its way.', 1234567890)));
    await settle();
    const bodies = async () => (await history(agent, chat.id)).filter((m) => m.system?.kind !== 'taken').map((m) => m.body);
    expect(await bodies()).toEqual(['Hi, where is my parcel?', 'On its way.']);

    const fromInbox = fbWebhook(page(), fbEcho(page(), PSID, 'm_PAGEINBOX1', 'Hi Jane, Tom from the shop here.'));
    await post(fromInbox);
    await settle();
    await post(fbWebhook(page(), fbDelivery(page(), PSID, ['m_PAGEINBOX1'])));
    await settle();
    await post(fromInbox); // Meta's retry of it changes nothing.
    await settle();
    expect(await bodies()).toEqual(['Hi, where is my parcel?', 'On its way.', 'Hi Jane, Tom from the shop here.']);
    expect((await history(agent, chat.id)).at(-1)).toMatchObject({
      author: 'system',
      system: { kind: 'external_reply', via: 'Facebook Page inbox' },
      body: 'Hi Jane, Tom from the shop here.',
      delivery: null,
    });
    expect(await inboxRows()).not.toContainEqual(expect.objectContaining({ state: 'failed' }));
  });

  it('marks our replies delivered by mid, then read by the watermark', async () => {
    const chat = await takenChat();
    const first = await answered(chat, 'First');
    const second = await answered(chat, 'Second');
    // Meta's watermark: everything sent up to it was delivered; the second reply came after it.
    expect(second.message.createdAt).toBeGreaterThan(first.message.createdAt);
    await post(fbWebhook(page(), fbDelivery(page(), PSID, [first.mid], first.message.createdAt)));
    await settle();
    let states = (await history(agent, chat.id)).slice(-2).map((m) => m.delivery?.state);
    expect(states).toEqual(['delivered', 'sent']);

    await post(fbWebhook(page(), fbRead(page(), PSID)));
    await settle();
    states = (await history(agent, chat.id)).slice(-2).map((m) => m.delivery?.state);
    expect(states).toEqual(['read', 'read']);
    // A late delivery does not move a read message back.
    await post(fbWebhook(page(), fbDelivery(page(), PSID, [second.mid])));
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.delivery?.state).toBe('read');
    await socket!.next((e) => e.type === 'message.updated' && e.message.id === second.message.id && e.message.delivery?.state === 'read');
  });

  it('receives a photo into the file pipeline, and sends an agent’s file by uploading it', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    const url = fake.addAttachment('broken-part.jpg', photo, 'image/jpeg');
    fake.lastInbound.set(PSID, Date.now());
    await post(fbWebhook(page(), fbMessage(page(), PSID, { attachments: [{ type: 'image', payload: { url } }] })));
    await settle();
    const [chat] = await conversations(agent);
    const [received] = await history(agent, chat!.id);
    expect(received).toMatchObject({ attachments: [{ kind: 'image', mime: 'image/jpeg', width: 40, height: 30 }] });

    await take(agent, chat!.id);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)]), 'label.jpg');
    const upload = await fetch(`${h.url}/api/conversations/${chat!.id}/files`, { method: 'POST', headers: agent.auth, body: form });
    const [file] = ((await upload.json()) as { files: { id: number }[] }).files;
    expect((await reply(agent, chat!.id, 'Here is your label', { fileIds: [file!.id] })).statusCode).toBe(200);
    await settle();
    const [text, image] = fake.sent.slice(-2) as { message: { text?: string; attachment?: { type: string; payload: { attachment_id: string } } } }[];
    expect(text!.message).toEqual({ text: 'Here is your label' });
    expect(image!.message.attachment?.type).toBe('image');
    expect(fake.uploaded(image!.message.attachment!.payload.attachment_id)?.bytes.equals(photo)).toBe(true);
  });

  it('shows the customer’s reaction on our reply, and takes it away', async () => {
    const chat = await takenChat();
    const { mid } = await answered(chat, 'Done!');
    await post(fbWebhook(page(), fbReaction(page(), PSID, mid, 'react')));
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.reactions).toEqual([{ emoji: '❤️', byName: 'Jane Doe', byCustomer: true }]);
    await post(fbWebhook(page(), fbReaction(page(), PSID, mid, 'unreact')));
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.reactions).toEqual([]);
  });

  it('refuses replies 24 hours after the customer wrote, unless the account may tag them HUMAN_AGENT (up to 7 days)', async () => {
    const chat = await takenChat('Old question', Date.now() - 25 * HOUR);
    expect(chat.replyWindowClosesAt).toBeLessThan(Date.now());
    const refused = await reply(agent, chat.id, 'Sorry for the wait');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('REPLY_WINDOW_CLOSED');

    const tagged = await createMessengerAccount(h, fake, { type: 'queue', queueId }, { humanAgentTag: true });
    const psid = '31415926535897';
    fake.profiles.set(psid, { first_name: 'Max', last_name: 'Muster' });
    await post(inbound('Still there?', { psid, at: Date.now() - 3 * DAY }), tagged.key);
    await settle();
    const offered = (await conversations(agent)).find((c) => c.title === 'Max Muster')!;
    expect(offered.replyWindowClosesAt).toBeGreaterThan(Date.now() + 3 * DAY);
    // The view's window is the account's (clients count the time left by it), not Messenger's usual 24 hours.
    expect(offered.capabilities?.replyWindowMs).toBe(7 * DAY);
    expect(chat.capabilities?.replyWindowMs).toBe(DAY);
    await take(agent, offered.id);
    expect((await reply(agent, offered.id, 'Yes, here is the answer')).statusCode).toBe(200);
    await settle();
    expect(fake.sent.at(-1)).toEqual({
      recipient: { id: psid },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Yes, here is the answer' },
    });

    await post(inbound('Hello after a long time', { psid: '27182818284590', at: Date.now() - 8 * DAY }), tagged.key);
    await settle();
    const late = (await conversations(agent)).find((c) => c.state === 'queued')!;
    await take(agent, late.id);
    expect((await reply(agent, late.id, 'Too late')).json().error.code).toBe('REPLY_WINDOW_CLOSED');
  });

  it('retries a send Meta answered with 429, and shows a refused send as failed with Meta’s code', async () => {
    const chat = await takenChat();
    fake.script('messages', { status: 429, headers: { 'retry-after': '0' }, body: graphError(613, 'Calls to this api have exceeded the rate limit.').body });
    const retried = await answered(chat, 'First try is rate limited');
    expect(retried.message.delivery?.state).toBe('sent');
    expect(fake.sent.filter((m) => (m.message as { text?: string }).text === 'First try is rate limited')).toHaveLength(2);

    fake.script('messages', graphError(551, 'This person isn’t available right now.', 400, { error_subcode: 1545041 }));
    const failed = await answered(chat, 'This one is refused');
    expect(failed.message.delivery).toMatchObject({ state: 'failed', error: { code: '551' } });
    expect(failed.message.delivery?.error?.message).toContain('isn’t available');
  });

  it('lets an admin add a Messenger channel with its three secrets, shown masked', async () => {
    const call = (method: 'POST' | 'PUT', url: string, payload: object) => h.app.inject({ method, url, headers: admin.auth, payload });
    const input = {
      type: 'messenger',
      name: 'Shop page',
      target: { type: 'queue', queueId },
      settings: { pageId: '1029384756' },
      secrets: { pageAccessToken: 'EAAGsecretpagetoken', appSecret: 'abcdef0123456789', verifyToken: 'my-verify-token' },
    };
    const missing = await call('POST', '/api/admin/channels', { ...input, secrets: { appSecret: 'x' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('pageAccessToken');
    expect((await call('POST', '/api/admin/channels', { ...input, settings: { pageId: '12/../me' } })).statusCode).toBe(400);
    const created = await call('POST', '/api/admin/channels', input);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      type: 'messenger',
      settings: { pageId: '1029384756', graphVersion: 'v23.0', humanAgentTag: false },
      secrets: { pageAccessToken: { set: true, hint: '••••oken' }, appSecret: { set: true }, verifyToken: { set: true } },
      webhookUrl: expect.stringMatching(/\/webhooks\/[A-Za-z0-9_-]{32}$/),
    });
    expect(created.body).not.toContain('EAAGsecretpagetoken');
    const changed = await call('PUT', `/api/admin/channels/${created.json().id}`, {
      ...input,
      settings: { pageId: '1029384756', humanAgentTag: true },
      secrets: {},
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().settings.humanAgentTag).toBe(true);
    expect(changed.json().capabilities.replyWindowMs).toBe(7 * DAY);
  });
});
