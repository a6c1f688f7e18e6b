import type { SmsSettings } from '@switchboard/protocol';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OutboundFile, OutboundMessage } from '../adapter.js';
import { messageForm } from './send.js';

const settings: SmsSettings = {
  provider: 'twilio',
  accountSid: `AC${'0'.repeat(32)}`,
  phoneNumbers: ['+15005550006', '+15005550007'],
  messagingServiceSid: '',
  helpText: '',
};
const CALLBACK = 'https://chat.example.com/webhooks/k';
const file = (size: number, i = 0): OutboundFile => ({
  id: i,
  name: `f${i}.jpg`,
  mime: 'image/jpeg',
  size,
  kind: 'image',
  open: async () => Readable.from([]),
  publicUrl: `https://chat.example.com/media/${i}`,
});
const message = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({ messageId: 1, to: 'tel:+491701234567', text: 'Hi', files: [], ...extra });

describe('the Messages.json form', () => {
  it('sends from the first number, with the status callback and one MediaUrl per file', () => {
    const form = messageForm(settings, message({ files: [file(10, 1), file(10, 2)] }), CALLBACK) as URLSearchParams;
    expect([...form]).toEqual([
      ['To', '+491701234567'],
      ['From', '+15005550006'],
      ['Body', 'Hi'],
      ['MediaUrl', 'https://chat.example.com/media/1'],
      ['MediaUrl', 'https://chat.example.com/media/2'],
      ['StatusCallback', CALLBACK],
    ]);
  });

  it('lets a messaging service choose the sender', () => {
    const form = messageForm({ ...settings, messagingServiceSid: `MG${'1'.repeat(32)}` }, message(), CALLBACK) as URLSearchParams;
    expect(form.get('MessagingServiceSid')).toBe(`MG${'1'.repeat(32)}`);
    expect(form.has('From')).toBe(false);
  });

  it('refuses before calling Twilio what Twilio would refuse', () => {
    const refused = (m: OutboundMessage) => messageForm(settings, m, CALLBACK) as { code: string; retry: boolean };
    expect(refused(message({ to: 'wa:491701234567' }))).toMatchObject({ code: 'INVALID_RECIPIENT', retry: false });
    expect(refused(message({ text: 'x'.repeat(1601) }))).toMatchObject({ code: 'BODY_TOO_LONG' });
    expect(refused(message({ files: Array.from({ length: 11 }, (_, i) => file(10, i)) }))).toMatchObject({ code: 'TOO_MANY_FILES' });
    expect(refused(message({ files: [file(3 * 1024 * 1024, 1), file(2.5 * 1024 * 1024, 2)] }))).toMatchObject({ code: 'FILES_TOO_LARGE' });
    expect(refused(message({ files: [{ ...file(10), publicUrl: undefined }] }))).toMatchObject({ code: 'NO_MEDIA_LINK' });
    expect(refused(message({ text: '  ' }))).toMatchObject({ code: 'EMPTY_MESSAGE' });
    // Ten files of 5 MB in all are fine.
    expect(messageForm(settings, message({ files: Array.from({ length: 10 }, (_, i) => file(512 * 1024, i)) }), CALLBACK)).toBeInstanceOf(URLSearchParams);
  });
});
