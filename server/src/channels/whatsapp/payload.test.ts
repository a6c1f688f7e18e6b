import { describe, expect, it } from 'vitest';
import { waContact, waMessage, waStatus, waWebhook } from '../../testing/whatsapp-webhooks.js';
import { dedupeKey, LIMITS } from './payload.js';

const body = (value: Parameters<typeof waWebhook>[1]) => JSON.stringify(waWebhook('106540352242922', value));
const text = (id: string) => waMessage('text', { body: 'x' }, { from: '4911', id });

describe('dedupeKey', () => {
  it('is the same for Meta’s retry of a webhook, whatever the order or formatting', () => {
    const first = body({ contacts: [waContact('4911', 'A')], messages: [text('wamid.1'), text('wamid.2')] });
    const again = JSON.stringify(JSON.parse(body({ messages: [text('wamid.2'), text('wamid.1')] })), null, 2);
    expect(dedupeKey(first)).not.toBeNull();
    expect(dedupeKey(again)).toBe(dedupeKey(first));
  });

  it('differs for other messages, and for another state of the same sent message', () => {
    expect(dedupeKey(body({ messages: [text('wamid.1')] }))).not.toBe(dedupeKey(body({ messages: [text('wamid.3')] })));
    expect(dedupeKey(body({ statuses: [waStatus('wamid.OUT', 'delivered')] }))).not.toBe(dedupeKey(body({ statuses: [waStatus('wamid.OUT', 'read')] })));
  });

  it('does not confuse a message id with a status of the same id', () => {
    expect(dedupeKey(body({ messages: [text('wamid.X')] }))).not.toBe(dedupeKey(body({ statuses: [waStatus('wamid.X', 'sent')] })));
  });

  it('has a fixed length however many ids the body carries', () => {
    const many = body({ messages: Array.from({ length: 100 }, (_, i) => text(`wamid.${'x'.repeat(400)}${i}`)) });
    expect(dedupeKey(many)).toMatch(/^whatsapp:[0-9a-f]{64}$/);
  });

  it('is null when the body has no message or status, or cannot be read', () => {
    expect(dedupeKey(body({}))).toBeNull();
    expect(dedupeKey('{')).toBeNull();
    expect(dedupeKey('{"entry":"x"}')).toBeNull();
  });

  it('does not read past the limits: a body with more messages than a webhook carries gets no key', () => {
    const tooMany = body({ messages: Array.from({ length: LIMITS.messages + 1 }, (_, i) => text(`wamid.${i}`)) });
    expect(dedupeKey(tooMany)).toBeNull();
  });
});
