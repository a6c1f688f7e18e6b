import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_GRAPH_DEFAULTS, FakeGraph, fakeWhatsAppAccount } from '../../testing/fake-graph.js';
import { graphError } from '../../testing/fake-meta.js';
import type { OutboundFile, OutboundMessage } from '../adapter.js';
import { whatsappAdapter } from './adapter.js';

let fake: FakeGraph;
let adapter: ReturnType<typeof whatsappAdapter>;
let account: ReturnType<typeof fakeWhatsAppAccount>;
const MESSAGES = `/v23.0/${FAKE_GRAPH_DEFAULTS.phoneNumberId}/messages`;
const MEDIA = `/v23.0/${FAKE_GRAPH_DEFAULTS.phoneNumberId}/media`;

beforeAll(async () => {
  fake = await FakeGraph.start(FAKE_GRAPH_DEFAULTS);
  adapter = whatsappAdapter(fake.url, { mediaMaxBytes: 1000, requestTimeoutMs: 2000, mediaTimeoutMs: 2000, templatePages: 5 });
  account = fakeWhatsAppAccount(fake);
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.violations.length = 0;
});
afterEach(() => expect(fake.violations).toEqual([]));
afterAll(() => fake.close());

function file(name: string, mime: string, content: string, kind: 'image' | 'document' = 'document'): OutboundFile {
  const bytes = Buffer.from(content);
  return { id: 1, name, mime, size: bytes.length, kind, open: async () => Readable.from([bytes]), publicUrl: 'https://chat.example.com/f/1?sig=x' };
}
function message(fields: Partial<OutboundMessage>): OutboundMessage {
  return { messageId: 1, to: 'wa:491701234567', text: '', files: [], ...fields };
}
const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '491701234567' };

describe('sending', () => {
  it('sends text to the wa_id, without link previews, and returns the wamid', async () => {
    const result = await adapter.send(account, message({ text: 'Your order has shipped.' }));
    expect(result).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./) });
    expect(fake.sent).toEqual([{ ...base, type: 'text', text: { body: 'Your order has shipped.', preview_url: false } }]);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: MESSAGES, authorization: `Bearer ${FAKE_GRAPH_DEFAULTS.accessToken}` });
  });

  it('splits text over WhatsApp’s 4096 characters into several messages, returning the first wamid', async () => {
    const long = `${'a'.repeat(4095)}😀${'b'.repeat(10)}`;
    const result = await adapter.send(account, message({ text: long }));
    const bodies = fake.sent.map((s) => (s.text as { body: string }).body);
    expect(bodies.join('')).toBe(long);
    expect(bodies.map((b) => [...b].length)).toEqual([4096, 10]);
    const firstAnswer = fake.requests[0]?.response as { messages: { id: string }[] };
    expect(result).toEqual({ ok: true, providerMessageId: firstAnswer.messages[0]?.id });
  });

  it('uploads an image first, then sends it by id with the text as caption', async () => {
    const result = await adapter.send(account, message({ text: 'Here is the photo', files: [file('photo.jpg', 'image/jpeg', 'JPEGDATA', 'image')] }));
    expect(result.ok).toBe(true);
    expect(fake.requests.map((r) => r.path)).toEqual([MEDIA, MESSAGES]);
    const form = fake.requests[0]?.form;
    expect(form?.messaging_product).toBe('whatsapp');
    expect(form?.type).toBe('image/jpeg');
    expect(form?.file).toMatchObject({ name: 'photo.jpg', type: 'image/jpeg' });
    const sent = fake.sent[0] as { image: { id: string; caption: string } };
    expect(sent).toEqual({ ...base, type: 'image', image: { id: expect.any(String), caption: 'Here is the photo' } });
    expect(fake.uploaded(sent.image.id)?.bytes.toString()).toBe('JPEGDATA');
  });

  it('sends a document with its file name, and other files after the captioned first', async () => {
    await adapter.send(
      account,
      message({ text: 'Invoice and terms', files: [file('invoice.pdf', 'application/pdf', '%PDF-1'), file('terms.txt', 'text/plain', 'terms')] }),
    );
    expect(fake.sent).toEqual([
      { ...base, type: 'document', document: { id: expect.any(String), caption: 'Invoice and terms', filename: 'invoice.pdf' } },
      { ...base, type: 'document', document: { id: expect.any(String), filename: 'terms.txt' } },
    ]);
  });

  it('refuses a file type WhatsApp does not take (a GIF) before sending any part of the message', async () => {
    const result = await adapter.send(
      account,
      message({ text: 'Look', files: [file('a.pdf', 'application/pdf', '%PDF'), file('anim.gif', 'image/gif', 'GIF89a', 'image')] }),
    );
    expect(result).toEqual({ ok: false, retry: false, code: 'UNSUPPORTED_FILE', message: 'WhatsApp does not accept anim.gif (image/gif, 6 bytes)' });
    expect(fake.requests).toEqual([]);
  });

  it('sends text too long for a caption as its own message before the file', async () => {
    const text = 'x'.repeat(1500);
    await adapter.send(account, message({ text, files: [file('a.pdf', 'application/pdf', '%PDF')] }));
    expect(fake.sent.map((s) => s.type)).toEqual(['text', 'document']);
    expect(fake.sent[1]).not.toHaveProperty('document.caption');
  });

  it('sends a template with its body parameters', async () => {
    const result = await adapter.send(
      account,
      message({ text: 'Hi Ada, order 42 shipped', template: { name: 'order_shipped', language: 'en_US', parameters: ['Ada', '42'] } }),
    );
    expect(result.ok).toBe(true);
    expect(fake.sent).toEqual([
      {
        ...base,
        type: 'template',
        template: {
          name: 'order_shipped',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ada' },
                { type: 'text', text: '42' },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('sends a template without placeholders with no components at all', async () => {
    await adapter.send(account, message({ template: { name: 'hello_world', language: 'en_US', parameters: [] } }));
    expect(fake.sent).toEqual([{ ...base, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }]);
  });

  it('answers a customer known only by a business-scoped id through `recipient`', async () => {
    const result = await adapter.send(account, message({ to: 'bsuid:DE.1349120865530274', text: 'Hello' }));
    expect(result.ok).toBe(true);
    expect(fake.sent).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        recipient: 'DE.1349120865530274',
        type: 'text',
        text: { body: 'Hello', preview_url: false },
      },
    ]);
  });

  it('refuses a recipient that is no WhatsApp id without calling Graph', async () => {
    const result = await adapter.send(account, message({ to: 'psid:123', text: 'Hello' }));
    expect(result).toMatchObject({ ok: false, retry: false, code: 'INVALID_RECIPIENT' });
    expect(fake.requests).toEqual([]);
  });

  it('marks a customer’s message read', async () => {
    await adapter.markRead?.(account, 'wamid.IN123');
    expect(fake.sent).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN123' }]);
  });
});

describe('errors', () => {
  it('retries a rate limit after the Retry-After Graph gives, then succeeds', async () => {
    fake.script('messages', { ...graphError(130429, 'Rate limit hit', 429), headers: { 'retry-after': '7' } });
    const first = await adapter.send(account, message({ text: 'Hi' }));
    expect(first).toEqual({ ok: false, retry: true, code: '130429', message: 'Rate limit hit', retryAfterMs: 7000 });
    expect(await adapter.send(account, message({ text: 'Hi' }))).toMatchObject({ ok: true });
  });

  it.each([
    [4, 'Application request limit reached'],
    [80007, 'Rate limit issues'],
    [131056, 'Pair rate limit hit'],
  ])('retries Graph rate-limit code %i even on a 400', async (code, title) => {
    fake.script('messages', graphError(code, title, 400));
    expect(await adapter.send(account, message({ text: 'Hi' }))).toMatchObject({ ok: false, retry: true, code: String(code) });
  });

  it('retries a server error', async () => {
    fake.script('messages', { status: 500, body: 'oops' });
    expect(await adapter.send(account, message({ text: 'Hi' }))).toMatchObject({ ok: false, retry: true, code: 'HTTP_500' });
  });

  it('fails for good on a re-engagement error (outside the 24-hour window), with Meta’s code and title', async () => {
    fake.script(
      'messages',
      graphError(131047, 'Re-engagement message', 400, { error_data: { messaging_product: 'whatsapp', details: 'More than 24 hours…' } }),
    );
    expect(await adapter.send(account, message({ text: 'Hi' }))).toEqual({ ok: false, retry: false, code: '131047', message: 'Re-engagement message' });
  });

  it('fails when the upload is refused, before anything reaches the customer', async () => {
    fake.script('media-upload', graphError(131053, 'Media upload error', 400));
    const result = await adapter.send(account, message({ text: 'Photo', files: [file('p.jpg', 'image/jpeg', 'J', 'image')] }));
    expect(result).toMatchObject({ ok: false, retry: false, code: '131053' });
    expect(fake.sent).toEqual([]);
  });

  it('does not retry once a part reached the customer, so nothing is sent twice', async () => {
    fake.script(
      'messages',
      { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.PART1' }] } },
      { status: 503, body: '' },
    );
    const result = await adapter.send(account, message({ text: 'x'.repeat(2000), files: [file('a.pdf', 'application/pdf', '%PDF')] }));
    expect(result).toMatchObject({ ok: false, retry: false, code: 'HTTP_503', message: expect.stringMatching(/^Sent 1 of 2 parts/) });
  });

  it('retries when Graph cannot be reached', async () => {
    const unreachable = whatsappAdapter('http://127.0.0.1:9', { mediaMaxBytes: 1, requestTimeoutMs: 2000, mediaTimeoutMs: 2000, templatePages: 1 });
    expect(await unreachable.send(account, message({ text: 'Hi' }))).toMatchObject({ ok: false, retry: true, code: 'NETWORK' });
  });

  it('fails marking read with Graph’s reason', async () => {
    fake.script('messages', graphError(100, 'Invalid parameter', 400));
    await expect(adapter.markRead?.(account, 'wamid.GONE')).rejects.toThrow(/Invalid parameter \(100\)/);
  });
});
