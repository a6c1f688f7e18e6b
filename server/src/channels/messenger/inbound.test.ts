import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fbDelivery, fbEcho, fbMessage, fbPostback, fbReaction, fbRead, fbWebhook } from '../../testing/messenger.js';
import { parseWebhook } from './inbound.js';
import { dedupeKey } from './payload.js';

const PAGE = '108726457286512';
const PSID = '24601234567890123';
const account = { id: 3, type: 'messenger' as const, name: 'Page', key: 'k', settings: { pageId: PAGE }, secrets: {} };
const opened: string[] = [];
const openUrl = async (url: string) => {
  opened.push(url);
  return Readable.from([Buffer.from('x')]);
};
const noName = async () => undefined;
const parse = (body: unknown) => parseWebhook(account, JSON.stringify(body), openUrl, noName);

describe('Messenger webhooks', () => {
  it('reads a customer message with its PSID, text, files, and a link written out', () => {
    const url = 'https://cdn.example.test/v/t1/report%20Q3.pdf?sig=1';
    const body = fbWebhook(
      PAGE,
      fbMessage(
        PAGE,
        PSID,
        {
          mid: 'm_1',
          text: 'See attached',
          attachments: [
            { type: 'file', payload: { url } },
            { type: 'fallback', title: 'Our shop', payload: { url: 'https://shop.example.test/p/1' } },
            { type: 'template', payload: { template_type: 'generic', elements: [{ title: 'Shoe', subtitle: '39 €' }] } },
          ],
        },
        1_790_000_000_000,
      ),
    );
    const [event] = parse(body);
    expect(event).toMatchObject({
      kind: 'message',
      message: {
        accountId: 3,
        externalCustomerId: `psid:${PSID}`,
        providerMessageId: 'm_1',
        at: 1_790_000_000_000,
        text: 'See attached\nOur shop https://shop.example.test/p/1\n[generic] Shoe: 39 €',
      },
    });
    const files = event?.kind === 'message' ? event.message.files : [];
    expect(files.map((f) => f.name)).toEqual(['report Q3.pdf']);
  });

  it('reads postbacks and quick replies as what the customer saw, reactions, watermarks and echoes', () => {
    const events = parse(
      fbWebhook(
        PAGE,
        { ...fbPostback(PAGE, PSID, 'Track my order', 'TRACK'), postback: { title: 'Track my order', payload: 'TRACK' } },
        fbMessage(PAGE, PSID, { mid: 'm_2', quick_reply: { payload: 'YES' } }),
        fbReaction(PAGE, PSID, 'm_ours', 'react', '😮'),
        fbReaction(PAGE, PSID, 'm_ours', 'unreact'),
        fbDelivery(PAGE, PSID, ['m_a', 'm_b'], 1000),
        fbRead(PAGE, PSID, 2000),
        fbEcho(PAGE, PSID, 'm_echo', 'From the inbox'),
      ),
    );
    expect(events.map((e) => e.kind)).toEqual(['message', 'message', 'reaction', 'reaction', 'delivery', 'delivery', 'deliveryUpTo', 'deliveryUpTo', 'echo']);
    expect(events[0]).toMatchObject({ message: { text: 'Track my order', providerMessageId: expect.stringMatching(/^postback-/) } });
    expect(events[1]).toMatchObject({ message: { text: 'YES' } });
    expect(events.slice(2, 4)).toMatchObject([{ reaction: { emoji: '😮', providerMessageId: 'm_ours' } }, { reaction: { emoji: '' } }]);
    expect(events.slice(4, 8)).toMatchObject([
      { update: { providerMessageId: 'm_a', state: 'delivered', at: 1000 } },
      { update: { providerMessageId: 'm_b' } },
      { upTo: { externalCustomerId: `psid:${PSID}`, state: 'delivered', at: 1000 } },
      { upTo: { state: 'read', at: 2000 } },
    ]);
    // The echo's customer is its recipient.
    expect(events[8]).toMatchObject({
      echo: { externalCustomerId: `psid:${PSID}`, providerMessageId: 'm_echo', text: 'From the inbox', via: 'Facebook Page inbox' },
    });
  });

  it('skips another Page’s entries and refuses what is not a page webhook', () => {
    expect(parse(fbWebhook('999', fbMessage('999', PSID, { text: 'not ours' })))).toEqual([]);
    expect(() => parse({ object: 'whatsapp_business_account', entry: [] })).toThrow(/Messenger webhook: unexpected body/);
    expect(() => parse(fbWebhook(PAGE, { sender: { id: '../me' }, recipient: { id: PAGE }, message: { mid: 'm', text: 'x' } }))).toThrow(/sender/);
  });

  it('keys a retried webhook the same, and a read at another time differently', () => {
    const one = JSON.stringify(fbWebhook(PAGE, fbRead(PAGE, PSID, 5000)));
    expect(dedupeKey(one)).toBe(dedupeKey(JSON.stringify(JSON.parse(one), null, 2)));
    expect(dedupeKey(one)).not.toBe(dedupeKey(JSON.stringify(fbWebhook(PAGE, fbRead(PAGE, PSID, 6000)))));
    expect(dedupeKey('not json')).toBeNull();
  });
});
