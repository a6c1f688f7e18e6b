import { describe, expect, it } from 'vitest';
import type { AccountContext } from '../adapter.js';
import { classify, dedupeKey, parseWebhook } from './inbound.js';
import { optChange } from './keywords.js';

const account = { id: 7 } as AccountContext;
const SID = `SM${'a1'.repeat(16)}`;
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const noMedia = () => () => Promise.reject(new Error('no media'));

describe('Twilio webhooks → events', () => {
  it.each([
    ['STOP', 'out'],
    ['  stop\n', 'out'],
    ['StopAll', 'out'],
    ['unsubscribe', 'out'],
    ['CANCEL', 'out'],
    ['end', 'out'],
    ['quit', 'out'],
    ['REVOKE', 'out'],
    ['optout', 'out'],
    ['START', 'in'],
    ['yes', 'in'],
    ['Unstop', 'in'],
    ['Please stop', undefined],
    ['STOP!', undefined],
    ['HELP', undefined],
    ['', undefined],
  ])('%j is an opt-%s', (text, expected) => {
    expect(optChange(text)).toBe(expected);
  });

  it('reads an incoming SMS: the number as tel: id, the text, an opt-out keyword, media to fetch', async () => {
    const opened: string[] = [];
    const body = form({
      MessageSid: SID,
      From: '+491701234567',
      To: '+15005550006',
      Body: 'STOP',
      NumMedia: '2',
      MediaUrl0: 'https://a/0',
      MediaUrl1: 'https://a/1',
    });
    const [event] = parseWebhook(account, body, (url) => () => (opened.push(url), Promise.reject(new Error('x'))), 1000);
    expect(event).toMatchObject({
      kind: 'message',
      message: {
        accountId: 7,
        externalCustomerId: 'tel:+491701234567',
        customerPhone: '+491701234567',
        providerMessageId: SID,
        text: 'STOP',
        optOut: 'out',
        at: 1000,
      },
    });
    const files = event?.kind === 'message' ? event.message.files : [];
    expect(files).toHaveLength(2);
    await Promise.allSettled(files.map((f) => f.open()));
    expect(opened).toEqual(['https://a/0', 'https://a/1']);
  });

  it('reads status callbacks: sent, delivered, undelivered and failed with the code; queued says nothing new', () => {
    const status = (s: string, extra: Record<string, string> = {}) =>
      parseWebhook(account, form({ MessageSid: SID, MessageStatus: s, SmsStatus: s, To: '+491701234567', ...extra }), noMedia, 5);
    expect(status('queued')).toEqual([]);
    expect(status('sending')).toEqual([]);
    expect(status('sent')).toEqual([{ kind: 'delivery', update: { accountId: 7, providerMessageId: SID, state: 'sent', at: 5 } }]);
    expect(status('delivered')[0]).toMatchObject({ update: { state: 'delivered' } });
    expect(status('undelivered', { ErrorCode: '30007' })[0]).toMatchObject({
      update: { state: 'failed', error: { code: '30007', message: 'Message filtered by the carrier' } },
    });
    expect(status('failed', { ErrorCode: '30034' })[0]).toMatchObject({ update: { state: 'failed', error: { code: '30034' } } });
    expect(status('failed')[0]).toMatchObject({ update: { state: 'failed', error: { code: 'failed' } } });
  });

  it('keys retries: a message by its SID, each status of it once', () => {
    expect(dedupeKey(classify(new URLSearchParams({ MessageSid: SID, Body: '' })))).toBe(SID);
    expect(dedupeKey(classify(new URLSearchParams({ MessageSid: SID, MessageStatus: 'delivered' })))).toBe(`${SID}:delivered`);
    expect(dedupeKey(classify(new URLSearchParams({ Body: 'x' })))).toBeNull();
  });

  it('refuses what is not Twilio’s (stored as failed, never a message)', () => {
    expect(() => parseWebhook(account, '{"object":"page"}', noMedia)).toThrow(/MessageSid/);
    expect(() => parseWebhook(account, form({ MessageSid: SID, From: 'client:alice', Body: 'x' }), noMedia)).toThrow(/phone number/);
  });
});
