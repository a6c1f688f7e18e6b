import { text as readText } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_GRAPH_DEFAULTS, FakeGraph, fakeWhatsAppAccount } from '../../testing/fake-graph.js';
import { waContact, waMessage, waStatus, waWebhook } from '../../testing/whatsapp-webhooks.js';
import type { InboundEvent, InboundMessage } from '../adapter.js';
import { whatsappAdapter } from './adapter.js';

let fake: FakeGraph;
let adapter: ReturnType<typeof whatsappAdapter>;
let account: ReturnType<typeof fakeWhatsAppAccount>;
const PHONE_ID = FAKE_GRAPH_DEFAULTS.phoneNumberId;
const ADA = '491701234567';

beforeAll(async () => {
  fake = await FakeGraph.start(FAKE_GRAPH_DEFAULTS);
  adapter = whatsappAdapter(fake.url, { mediaMaxBytes: 1000, requestTimeoutMs: 5000, mediaTimeoutMs: 5000, templatePages: 5 });
  account = fakeWhatsAppAccount(fake);
});
afterEach(() => expect(fake.violations).toEqual([]));
afterAll(() => fake.close());

async function parse(value: Parameters<typeof waWebhook>[1], phoneNumberId = PHONE_ID): Promise<InboundEvent[]> {
  return adapter.parseWebhook(account, JSON.stringify(waWebhook(phoneNumberId, value)));
}

/** The one message a webhook from Ada carrying `message` yields. */
async function one(type: string, object: unknown, extra: Record<string, unknown> = {}): Promise<InboundMessage> {
  const events = await parse({ contacts: [waContact(ADA, 'Ada Lovelace')], messages: [{ ...waMessage(type, object, { from: ADA }), ...extra }] });
  expect(events).toHaveLength(1);
  const event = events[0];
  if (event?.kind !== 'message') throw new Error(`expected a message, got ${event?.kind}`);
  return event.message;
}

describe('inbound messages', () => {
  it('reads a text message with who sent it and when', async () => {
    const events = await parse({
      contacts: [waContact(ADA, 'Ada Lovelace')],
      messages: [waMessage('text', { body: 'Hello, is the shop open?' }, { from: ADA, id: 'wamid.HBgM1', timestamp: 1_790_000_123 })],
    });
    expect(events).toEqual([
      {
        kind: 'message',
        message: {
          accountId: account.id,
          externalCustomerId: `wa:${ADA}`,
          customerName: 'Ada Lovelace',
          customerPhone: `+${ADA}`,
          providerMessageId: 'wamid.HBgM1',
          text: 'Hello, is the shop open?',
          files: [],
          at: 1_790_000_123_000,
        },
      },
    ]);
  });

  it('names a customer with a business-scoped id beside the number by both', async () => {
    const events = await parse({
      contacts: [waContact(ADA, 'Ada', 'DE.1349120865530274')],
      messages: [waMessage('text', { body: 'Hi' }, { from: ADA, fromUserId: 'DE.1349120865530274' })],
    });
    expect(events[0]).toMatchObject({ message: { externalCustomerId: `wa:${ADA}`, alsoKnownAs: ['bsuid:DE.1349120865530274'], customerPhone: `+${ADA}` } });
  });

  it('names a customer known only by a business-scoped id (a username user) by it, with no phone', async () => {
    const events = await parse({
      contacts: [waContact(undefined, 'ada_l', 'DE.1349120865530274')],
      messages: [waMessage('text', { body: 'Hi' }, { fromUserId: 'DE.1349120865530274' })],
    });
    const message = events[0]?.kind === 'message' ? events[0].message : undefined;
    expect(message).toMatchObject({ externalCustomerId: 'bsuid:DE.1349120865530274', customerName: 'ada_l' });
    expect(message).not.toHaveProperty('customerPhone');
    expect(message).not.toHaveProperty('alsoKnownAs');
  });

  it('matches each message of a batch to its own contact', async () => {
    const events = await parse({
      contacts: [waContact('4911111', 'One'), waContact('4922222', 'Two')],
      messages: [waMessage('text', { body: 'a' }, { from: '4922222' }), waMessage('text', { body: 'b' }, { from: '4911111' })],
    });
    expect(events.map((e) => e.kind === 'message' && [e.message.externalCustomerId, e.message.customerName])).toEqual([
      ['wa:4922222', 'Two'],
      ['wa:4911111', 'One'],
    ]);
  });

  it('ignores changes for another phone number of the same app', async () => {
    expect(await parse({ contacts: [waContact(ADA, 'Ada')], messages: [waMessage('text', { body: 'Hi' }, { from: ADA })] }, '999999999')).toEqual([]);
  });

  it('keeps a caption as the text beside the image, whose bytes come from Graph with the token', async () => {
    fake.addMedia('1111', Buffer.from('JPEG bytes'), 'image/jpeg');
    const message = await one('image', { id: '1111', mime_type: 'image/jpeg', sha256: 'x', caption: 'The receipt' });
    expect(message.text).toBe('The receipt');
    expect(message.files).toHaveLength(1);
    expect(message.files[0]?.name).toBe('');
    expect(await readText(await (message.files[0]?.open() ?? Promise.reject()))).toBe('JPEG bytes');
    const calls = fake.requests.slice(-2).map((r) => [r.method, r.path, r.authorization]);
    expect(calls).toEqual([
      ['GET', '/v23.0/1111', `Bearer ${FAKE_GRAPH_DEFAULTS.accessToken}`],
      ['GET', '/whatsapp_media/1111', `Bearer ${FAKE_GRAPH_DEFAULTS.accessToken}`],
    ]);
  });

  it('keeps a document with its file name', async () => {
    fake.addMedia('2222', Buffer.from('%PDF-1.7'), 'application/pdf');
    const message = await one('document', { id: '2222', mime_type: 'application/pdf', filename: 'invoice 42.pdf' });
    expect([message.text, message.files[0]?.name]).toEqual(['', 'invoice 42.pdf']);
    expect(await readText(await (message.files[0]?.open() ?? Promise.reject()))).toBe('%PDF-1.7');
  });

  it.each(['audio', 'video', 'sticker'])('keeps %s as a file', async (type) => {
    fake.addMedia('3333', Buffer.from(`${type} bytes`), 'application/octet-stream');
    const message = await one(type, { id: '3333', mime_type: 'application/octet-stream' });
    expect(message.files).toHaveLength(1);
    expect(await readText(await (message.files[0]?.open() ?? Promise.reject()))).toBe(`${type} bytes`);
  });

  it('refuses media Graph says is over the size bound, without downloading it', async () => {
    fake.addMedia('4444', Buffer.alloc(2000), 'video/mp4');
    const message = await one('video', { id: '4444' });
    const before = fake.requests.length;
    await expect(message.files[0]?.open()).rejects.toThrow(/larger than 1000 bytes/);
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/v23.0/4444']);
  });

  it('stops a download that turns out larger than Graph said', async () => {
    fake.addMedia('5555', Buffer.alloc(5000, 1), 'video/mp4', { declaredSize: 10, chunked: true });
    const message = await one('video', { id: '5555' });
    const stream = await (message.files[0]?.open() ?? Promise.reject());
    await expect(readText(stream)).rejects.toThrow(/larger than 1000 bytes/);
  });

  it('fails opening media Graph no longer has, with Graph’s reason', async () => {
    const message = await one('image', { id: '9999' });
    await expect(message.files[0]?.open()).rejects.toThrow(/does not exist/);
  });

  it('shows a location readably with a map link', async () => {
    const message = await one('location', { latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz', address: '10178 Berlin' });
    expect(message.text).toBe('📍 Alexanderplatz, 10178 Berlin https://maps.google.com/?q=52.52,13.405');
    const bare = await one('location', { latitude: -33.8, longitude: 151.2 });
    expect(bare.text).toBe('📍 https://maps.google.com/?q=-33.8,151.2');
  });

  it('shows shared contact cards with names, phones and emails', async () => {
    const message = await one('contacts', [
      {
        name: { formatted_name: 'Grace Hopper', first_name: 'Grace' },
        phones: [{ phone: '+1 555 0100', type: 'CELL', wa_id: '15550100' }],
        emails: [{ email: 'grace@example.com', type: 'WORK' }],
        org: { company: 'Navy' },
      },
      { name: { first_name: 'Alan', last_name: 'Turing' }, phones: [{ phone: '+44 20 7946 0000' }] },
    ]);
    expect(message.text).toBe('👤 Grace Hopper (Navy)\n📞 +1 555 0100 (CELL)\n✉️ grace@example.com (WORK)\n\n👤 Alan Turing\n📞 +44 20 7946 0000');
  });

  it('shows quick-reply buttons and interactive replies by what the customer tapped', async () => {
    expect((await one('button', { text: 'Yes, call me', payload: 'CALL_ME' })).text).toBe('Yes, call me');
    expect((await one('interactive', { type: 'button_reply', button_reply: { id: 'b1', title: 'Track order' } })).text).toBe('Track order');
    const list = await one('interactive', { type: 'list_reply', list_reply: { id: 'l1', title: 'Returns', description: 'Send something back' } });
    expect(list.text).toBe('Returns — Send something back');
    expect((await one('interactive', { type: 'list_reply', list_reply: { id: 'l2', title: 'Billing' } })).text).toBe('Billing');
    const form = await one('interactive', {
      type: 'nfm_reply',
      nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ flow_token: 'secret-ours', date: '2026-12-01', seats: 2 }) },
    });
    expect(form.text).toBe('[WhatsApp form response]\ndate: 2026-12-01\nseats: 2');
  });

  it('never drops a message it cannot show: it says what it was', async () => {
    const unsupported = await one('unsupported', undefined, { errors: [{ code: 131051, title: 'Message type unknown' }] });
    expect(unsupported.text).toBe('[Unsupported WhatsApp message type: unsupported (Message type unknown)]');
    expect((await one('poll_v9', { question: '?' })).text).toBe('[Unsupported WhatsApp message type: poll_v9]');
    expect((await one('image', undefined)).text).toBe('[Unsupported WhatsApp message type: image]');
  });

  it('turns a reaction into a reaction on the message it is for; an empty emoji removes it', async () => {
    const events = await parse({
      contacts: [waContact(ADA, 'Ada')],
      messages: [
        waMessage('reaction', { message_id: 'wamid.OUT1', emoji: '👍' }, { from: ADA, timestamp: 1_790_000_500 }),
        waMessage('reaction', { message_id: 'wamid.OUT1' }, { from: ADA, timestamp: 1_790_000_600 }),
      ],
    });
    expect(events).toEqual([
      {
        kind: 'reaction',
        reaction: { accountId: account.id, externalCustomerId: `wa:${ADA}`, providerMessageId: 'wamid.OUT1', emoji: '👍', at: 1_790_000_500_000 },
      },
      {
        kind: 'reaction',
        reaction: { accountId: account.id, externalCustomerId: `wa:${ADA}`, providerMessageId: 'wamid.OUT1', emoji: '', at: 1_790_000_600_000 },
      },
    ]);
  });
});

describe('statuses', () => {
  it('turns sent, delivered, read and failed into delivery updates, failures with Meta’s code and title', async () => {
    const events = await parse({
      statuses: [
        waStatus('wamid.OUT1', 'sent', { timestamp: 1_790_000_001 }),
        waStatus('wamid.OUT1', 'delivered', { timestamp: 1_790_000_002 }),
        waStatus('wamid.OUT1', 'read', { timestamp: 1_790_000_003 }),
        waStatus('wamid.OUT2', 'failed', {
          timestamp: 1_790_000_004,
          errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours…' } }],
        }),
        waStatus('wamid.OUT3', 'deleted'),
      ],
    });
    expect(events).toEqual([
      { kind: 'delivery', update: { accountId: account.id, providerMessageId: 'wamid.OUT1', state: 'sent', at: 1_790_000_001_000 } },
      { kind: 'delivery', update: { accountId: account.id, providerMessageId: 'wamid.OUT1', state: 'delivered', at: 1_790_000_002_000 } },
      { kind: 'delivery', update: { accountId: account.id, providerMessageId: 'wamid.OUT1', state: 'read', at: 1_790_000_003_000 } },
      {
        kind: 'delivery',
        update: {
          accountId: account.id,
          providerMessageId: 'wamid.OUT2',
          state: 'failed',
          error: { code: '131047', message: 'Re-engagement message' },
          at: 1_790_000_004_000,
        },
      },
    ]);
  });
});

describe('bodies it cannot read', () => {
  it.each([
    ['not JSON', 'hello'],
    ['another object', JSON.stringify({ object: 'page', entry: [] })],
    ['a message without a sender', JSON.stringify(waWebhook(PHONE_ID, { messages: [waMessage('text', { body: 'x' })] }))],
    [
      'a timestamp that is not unix seconds',
      JSON.stringify(waWebhook(PHONE_ID, { messages: [waMessage('text', { body: 'x' }, { from: ADA, timestamp: -5 })] })),
    ],
    [
      'more messages than a webhook may carry',
      JSON.stringify(waWebhook(PHONE_ID, { messages: Array.from({ length: 101 }, () => waMessage('text', { body: 'x' }, { from: ADA })) })),
    ],
    ['a media id that would change the Graph path', JSON.stringify(waWebhook(PHONE_ID, { messages: [waMessage('image', { id: '../me' }, { from: ADA })] }))],
  ])('throws a clear error on %s', async (_, body) => {
    await expect(adapter.parseWebhook(account, body)).rejects.toThrow(/^WhatsApp webhook: /);
  });

  it('reads a change of another field (no messages) as nothing', async () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }],
    };
    expect(await adapter.parseWebhook(account, JSON.stringify(body))).toEqual([]);
  });
});
