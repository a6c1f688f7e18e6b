import type { Conversation } from '@switchboard/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientId } from '../testing/customer-chat.js';
import { dialects } from '../testing/databases.js';
import { twilioError, type FakeTwilio } from '../testing/fake-twilio.js';
import { channelApi, startChannelTestbed, stopChannelTestbed } from '../testing/channels.js';
import type { Harness, TestUser } from '../testing/harness.js';
import {
  ACCOUNT_SID,
  API_KEY,
  createSmsAccount,
  incomingSms,
  OUR_NUMBER,
  postTwilio,
  startFakeTwilio,
  statusCallback,
  type TestSmsAccount,
} from '../testing/sms.js';
import type { TestSocket } from '../testing/ws-client.js';
import { MediaLinks } from './media-links.js';
import { loadSecretKey } from './secrets.js';

const CUSTOMER = '+491701234567';

/**
 * SMS/MMS through Twilio end to end over the HTTP API: Twilio's webhooks (signed by the official
 * `twilio` package) in, the fake Twilio checking every request our server makes out, on both databases.
 */
describe.each(dialects)('SMS (Twilio) channel on %s', (dialect) => {
  let h: Harness;
  let fake: FakeTwilio;
  let admin: TestUser;
  let agent: TestUser;
  let account: TestSmsAccount;
  let socket: TestSocket | undefined;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    let queueId: number;
    ({ h, admin, agent, socket, queueId } = await startChannelTestbed(dialect, { TWILIO_API_URL: fake.url }));
    account = await createSmsAccount(h, { type: 'queue', queueId });
  });

  afterEach(async () => {
    await stopChannelTestbed(h, socket, fake);
    expect(fake.mediaHostAuth).toEqual([]);
  });

  const { settle, conversations, history, reply, take, inboxRows } = channelApi(() => h);

  async function takenChat(text = 'Hi, where is my parcel?'): Promise<Conversation> {
    const answer = await postTwilio(h, account.key, incomingSms(CUSTOMER, text));
    expect(answer.statusCode).toBe(200);
    await settle();
    const offered = (await conversations(agent)).find((c) => c.state === 'queued');
    expect(offered).toMatchObject({ channel: 'sms', myRole: 'offered', title: CUSTOMER });
    expect((await take(agent, offered!.id)).statusCode).toBe(200);
    return (await conversations(agent)).find((c) => c.id === offered!.id)!;
  }

  it('refuses a webhook with a missing or wrong X-Twilio-Signature (403) and stores nothing', async () => {
    const params = incomingSms(CUSTOMER, 'Hi');
    expect((await postTwilio(h, account.key, params, null)).statusCode).toBe(403);
    expect((await postTwilio(h, account.key, params, 'bm90IHRoZSBzaWduYXR1cmU=')).statusCode).toBe(403);
    // Signed, then changed on the way: the signature covers every parameter.
    const twilio = (await import('twilio')).default;
    const url = `${h.config.publicUrl}/webhooks/${account.key}`;
    const signed = twilio.getExpectedTwilioSignature('twilio-auth-token-1', url, params);
    expect((await postTwilio(h, account.key, { ...params, Body: 'Hi there' }, signed)).statusCode).toBe(403);
    // Signed with another account's token.
    expect((await postTwilio(h, account.key, params, twilio.getExpectedTwilioSignature('other-token', url, params))).statusCode).toBe(403);
    expect(await inboxRows()).toEqual([]);
    await settle();
    expect(await conversations(agent)).toEqual([]);
  });

  it('routes an SMS to the queue; the agent answers; Twilio gets From/To/Body/StatusCallback and reports sent, then delivered', async () => {
    const first = await postTwilio(h, account.key, incomingSms(CUSTOMER, 'Hi, where is my parcel?'));
    // Twilio reads the answer as TwiML: an empty <Response/> sends nothing back to the customer.
    expect(first.headers['content-type']).toMatch(/^text\/xml/);
    expect(first.body).toContain('<Response/>');
    await settle();
    const [offered] = await conversations(agent);
    expect(offered).toMatchObject({ channel: 'sms', state: 'queued' });
    await take(agent, offered!.id);
    const chat = (await conversations(agent))[0]!;
    expect(chat.capabilities).toMatchObject({
      templates: false,
      delivery: true,
      replyWindowMs: null,
      fileLimits: { maxFiles: 10, maxTotalBytes: 5 * 1024 * 1024, types: null },
    });
    expect(chat.customer).toMatchObject({ phone: CUSTOMER, channel: 'sms' });

    const sent = await reply(agent, chat.id, 'It arrives tomorrow.');
    expect(sent.statusCode, sent.body).toBe(200);
    await settle();
    const [sms] = fake.sent;
    expect(sms?.form).toEqual({
      To: CUSTOMER,
      From: OUR_NUMBER,
      Body: 'It arrives tomorrow.',
      StatusCallback: `${h.config.publicUrl}/webhooks/${account.key}`,
    });
    expect((await history(agent, chat.id)).at(-1)?.delivery?.state).toBe('sent');

    for (const status of ['queued', 'sent', 'delivered', 'sent'])
      expect((await postTwilio(h, account.key, statusCallback(sms!.sid, status, CUSTOMER))).statusCode).toBe(200);
    await settle();
    // A late "sent" after "delivered" does not move it back.
    expect((await history(agent, chat.id)).at(-1)?.delivery).toMatchObject({ state: 'delivered', error: null });
  });

  it('shows a message Twilio reports undelivered (30003) as failed with the code', async () => {
    const chat = await takenChat();
    await reply(agent, chat.id, 'Are you there?');
    await settle();
    await postTwilio(h, account.key, statusCallback(fake.sent[0]!.sid, 'undelivered', CUSTOMER, '30003'));
    await settle();
    const failed = (await history(agent, chat.id)).at(-1)!;
    expect(failed.delivery).toMatchObject({ state: 'failed', error: { code: '30003', message: 'Unreachable destination handset' } });
  });

  it('retries a send Twilio answered 429, and shows a refused one (21211) failed with Twilio’s code', async () => {
    const chat = await takenChat();
    fake.script({ ...twilioError(20429, 'Too Many Requests', 429), headers: { 'retry-after': '0' } });
    await reply(agent, chat.id, 'Rate limited first');
    await settle();
    expect((await history(agent, chat.id)).at(-1)?.delivery?.state).toBe('sent');
    expect(fake.sent.map((s) => s.form.Body)).toEqual(['Rate limited first']);

    fake.script(twilioError(21211, "The 'To' number is not a valid phone number."));
    await reply(agent, chat.id, 'Refused');
    await settle();
    const failed = (await history(agent, chat.id)).at(-1)!;
    expect(failed.delivery).toMatchObject({ state: 'failed', error: { code: '21211' } });
    expect(failed.delivery?.error?.message).toContain('not a valid phone number');
  });

  it('stores a webhook Twilio retries (same MessageSid) once', async () => {
    const params = incomingSms(CUSTOMER, 'Only once');
    for (let i = 0; i < 3; i++) expect((await postTwilio(h, account.key, params)).statusCode).toBe(200);
    await settle();
    expect(await inboxRows()).toHaveLength(1);
    const [chat] = await conversations(agent);
    expect((await history(agent, chat!.id)).map((m) => m.body)).toEqual(['Only once']);
  });

  it('receives an MMS picture into the file pipeline and sends an agent’s picture by a signed link Twilio fetches', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    const mediaUrl = fake.addMedia(photo, 'image/jpeg');
    await postTwilio(h, account.key, incomingSms(CUSTOMER, 'The broken part', { media: [{ url: mediaUrl, type: 'image/jpeg' }] }));
    await settle();
    const [chat] = await conversations(agent);
    const [received] = await history(agent, chat!.id);
    expect(received).toMatchObject({ body: 'The broken part', attachments: [{ kind: 'image', mime: 'image/jpeg', width: 40, height: 30 }] });

    await take(agent, chat!.id);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)]), 'label.jpg');
    const upload = await fetch(`${h.url}/api/conversations/${chat!.id}/files`, { method: 'POST', headers: agent.auth, body: form });
    const [file] = ((await upload.json()) as { files: { id: number }[] }).files;
    expect((await reply(agent, chat!.id, 'Your return label', { fileIds: [file!.id] })).statusCode).toBe(200);
    await settle();
    const mms = fake.sent.at(-1)!;
    expect(mms.form).toMatchObject({ To: CUSTOMER, Body: 'Your return label' });
    expect(mms.media).toHaveLength(1);
    expect(mms.media[0]).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect(mms.media[0]!.bytes.equals(photo)).toBe(true);

    // A forged or expired link serves nothing.
    const link = new URL(mms.mediaUrls[0]!);
    const forged = link.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${h.url}${forged}`)).status).toBe(404);
    const past = new MediaLinks(
      loadSecretKey(h.config, () => undefined),
      () => h.url,
      () => Date.now() - 31 * 60_000,
    );
    expect((await fetch(past.url(file!.id))).status).toBe(404);
    const current = new MediaLinks(
      loadSecretKey(h.config, () => undefined),
      () => h.url,
    );
    expect((await fetch(current.url(file!.id))).status).toBe(200);
  });

  it('answers HELP and INFO at once in the webhook’s TwiML (the account’s text, or a default naming it); the agent still sees them', async () => {
    const help = await postTwilio(h, account.key, incomingSms(CUSTOMER, ' help '));
    expect(help.statusCode).toBe(200);
    expect(help.headers['content-type']).toMatch(/^text\/xml/);
    expect(help.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Support SMS: you are texting our customer service. An agent will answer you here. Reply STOP to unsubscribe.</Message></Response>',
    );
    // Only the keyword alone: a sentence with "help" in it is a question for an agent.
    expect((await postTwilio(h, account.key, incomingSms(CUSTOMER, 'Can you help me?'))).body).toContain('<Response/>');

    const row = await h.storage.db.selectFrom('channel_accounts').select('settings').where('id', '=', account.id).executeTakeFirstOrThrow();
    const settings = { ...JSON.parse(row.settings), helpText: 'Shop & Co <support>: call 030 1234. Reply STOP to opt out.' };
    await h.storage.db
      .updateTable('channel_accounts')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', account.id)
      .execute();
    h.services.channels.accounts.forget();
    const info = await postTwilio(h, account.key, incomingSms(CUSTOMER, 'INFO'));
    expect(info.body).toContain('<Message>Shop &amp; Co &lt;support&gt;: call 030 1234. Reply STOP to opt out.</Message>');
    // Twilio sends the TwiML reply itself: nothing goes through the Messages API.
    await settle();
    expect(fake.sent).toEqual([]);
    const [chat] = await conversations(agent);
    expect((await history(agent, chat!.id)).map((m) => m.body)).toEqual([' help ', 'Can you help me?', 'INFO']);
  });

  it('opts a customer out on STOP (replies refused with CUSTOMER_OPTED_OUT) and back in on START', async () => {
    const chat = await takenChat();
    await postTwilio(h, account.key, incomingSms(CUSTOMER, '  stop '));
    await settle();
    // The agent sees the keyword as the customer's message.
    expect((await history(agent, chat.id)).at(-1)).toMatchObject({ body: '  stop ', author: 'customer' });
    const refused = await reply(agent, chat.id, 'But wait');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CUSTOMER_OPTED_OUT');
    expect(fake.sent).toEqual([]);

    await postTwilio(h, account.key, incomingSms(CUSTOMER, 'START'));
    await settle();
    expect((await reply(agent, chat.id, 'Welcome back')).statusCode).toBe(200);
    await settle();
    expect(fake.sent.map((s) => s.form.Body)).toEqual(['Welcome back']);
  });

  it('fails a queued reply without calling Twilio when the customer opted out after it was written', async () => {
    const chat = await takenChat();
    h.services.channels.workers.paused = true;
    await reply(agent, chat.id, 'Queued before the STOP');
    await postTwilio(h, account.key, incomingSms(CUSTOMER, 'UNSUBSCRIBE'));
    // Process the STOP first, then the outbox (as a busy node might).
    h.services.channels.workers.paused = false;
    await settle();
    const mine = (await history(agent, chat.id)).find((m) => m.body === 'Queued before the STOP')!;
    expect(mine.delivery).toMatchObject({ state: 'failed', error: { code: '21610' } });
    expect(fake.sent).toEqual([]);
  });

  it('starts an SMS chat with a number by free text; it is the agent’s at once', async () => {
    const payload = { clientId: clientId(), phone: '+49 170 5550001', customerName: 'Max', body: 'Hello from Acme, about your order' };
    const started = await h.app.inject({ method: 'POST', url: `/api/channels/${account.id}/conversations`, headers: agent.auth, payload });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ channel: 'sms', state: 'owned', myRole: 'owner', title: 'Max' });
    await settle();
    expect(fake.sent.at(-1)?.form).toMatchObject({ To: '+491705550001', From: OUR_NUMBER, Body: 'Hello from Acme, about your order' });
    // A template is not an SMS thing.
    const template = { clientId: clientId(), phone: '+49 170 5550002', name: 'hello_world', language: 'en_US', parameters: [] };
    const refused = await h.app.inject({ method: 'POST', url: `/api/channels/${account.id}/conversations`, headers: agent.auth, payload: template });
    expect(refused.json().error.code).toBe('NOT_SUPPORTED_BY_CHANNEL');
    // The customer's answer lands in the same chat.
    await postTwilio(h, account.key, incomingSms('+491705550001', 'Thanks!'));
    await settle();
    expect((await history(agent, started.json().id)).map((m) => m.body)).toEqual(['Hello from Acme, about your order', 'Thanks!']);
  });

  it('reads a number typed without its country code in the account’s country, and refuses what is no number', async () => {
    // The account's number is American (+1 500…): a national number is read as one of that country's.
    const payload = { clientId: clientId(), phone: '(201) 555-0123', body: 'Hello' };
    const started = await h.app.inject({ method: 'POST', url: `/api/channels/${account.id}/conversations`, headers: agent.auth, payload });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().customer).toMatchObject({ phone: '+12015550123' });
    await settle();
    expect(fake.sent.at(-1)?.form.To).toBe('+12015550123');
    const wrong = await h.app.inject({
      method: 'POST',
      url: `/api/channels/${account.id}/conversations`,
      headers: agent.auth,
      payload: { clientId: clientId(), phone: '+1 23456', body: 'Hello' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('not a phone number') });
  });

  it('sends with the account SID and auth token, or with an API key once an admin adds one (the token is kept)', async () => {
    const chat = await takenChat();
    await reply(agent, chat.id, 'By token');
    await settle();
    expect(fake.sent.at(-1)?.username).toBe(ACCOUNT_SID);

    const put = (secrets: object) =>
      h.app.inject({
        method: 'PUT',
        url: `/api/admin/channels/${account.id}`,
        headers: admin.auth,
        payload: {
          type: 'sms',
          name: 'Support SMS',
          target: { type: 'extension', userId: agent.id },
          settings: { accountSid: ACCOUNT_SID, phoneNumbers: [OUR_NUMBER] },
          secrets,
        },
      });
    // Half a key pair changes nothing.
    expect((await put({ apiKeySid: API_KEY.sid })).statusCode).toBe(400);
    const updated = await put({ authToken: null, apiKeySid: API_KEY.sid, apiKeySecret: API_KEY.secret });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().secrets).toMatchObject({ authToken: { set: true }, apiKeySid: { set: true }, apiKeySecret: { set: true } });
    await reply(agent, chat.id, 'By API key');
    await settle();
    expect(fake.sent.at(-1)).toMatchObject({ username: API_KEY.sid, form: { Body: 'By API key' } });
    // Webhooks are still checked with the kept auth token.
    expect((await postTwilio(h, account.key, incomingSms(CUSTOMER, 'Still signed'))).statusCode).toBe(200);
  });

  it('lets an admin add an SMS account, checking its settings and secrets', async () => {
    const create = (settings: object, secrets: object) =>
      h.app.inject({
        method: 'POST',
        url: '/api/admin/channels',
        headers: admin.auth,
        payload: { type: 'sms', name: 'Shop SMS', target: { type: 'queue', queueId: 1 }, settings, secrets },
      });
    const good = { accountSid: `AC${'a'.repeat(32)}`, phoneNumbers: ['+4930123456'] };
    const bad = [
      await create({ ...good, accountSid: 'AC123' }, { authToken: 'token-123456' }),
      await create({ ...good, phoneNumbers: ['0049'] }, { authToken: 'token-123456' }),
      await create({ ...good, phoneNumbers: ['030 abc'] }, { authToken: 'token-123456' }),
      await create({ ...good, phoneNumbers: [] }, { authToken: 'token-123456' }),
      await create(good, {}),
      await create(good, { authToken: 'token-123456', apiKeySid: `SK${'b'.repeat(32)}` }),
    ];
    for (const answer of bad) {
      expect(answer.statusCode, answer.body).toBe(400);
      expect(answer.json().error.code).toBe('VALIDATION_FAILED');
    }
    const created = await create(good, { authToken: 'token-123456' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      type: 'sms',
      settings: { provider: 'twilio', ...good, messagingServiceSid: '' },
      secrets: { authToken: { set: true, hint: '••••3456' }, apiKeySid: { set: false }, apiKeySecret: { set: false } },
    });
    expect(created.json().webhookUrl).toMatch(/\/webhooks\/[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(created.json())).not.toContain('token-123456');
    // Typed nationally or with spaces: stored in E.164 (national ones read in DEFAULT_COUNTRY, here DE).
    const typed = await create({ ...good, phoneNumbers: ['030 901820', '+1 (500) 555-0006'] }, { authToken: 'token-123456' });
    expect(typed.statusCode, typed.body).toBe(201);
    expect(typed.json().settings.phoneNumbers).toEqual(['+4930901820', '+15005550006']);
    const byService = await create({ accountSid: good.accountSid, messagingServiceSid: `MG${'c'.repeat(32)}` }, { authToken: 'token-123456' });
    expect(byService.statusCode, byService.body).toBe(201);
  });
});
