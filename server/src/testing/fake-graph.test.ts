import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { whatsappAdapter } from '../channels/whatsapp/adapter.js';
import { FAKE_GRAPH_DEFAULTS, FakeGraph, fakeWhatsAppAccount } from './fake-graph.js';

// The fake is only worth its checks: these show it refuses what Meta would refuse, as Meta would.
let fake: FakeGraph;
beforeAll(async () => {
  fake = await FakeGraph.start(FAKE_GRAPH_DEFAULTS);
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.violations.length = 0;
});
afterAll(() => fake.close());

const post = (path: string, body: unknown, token = FAKE_GRAPH_DEFAULTS.accessToken) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const MESSAGES = `/v23.0/${FAKE_GRAPH_DEFAULTS.phoneNumberId}/messages`;

describe('fake Graph API', () => {
  it('refuses a wrong token as Meta does (401, code 190), and the adapter fails the send with that code', async () => {
    const account = fakeWhatsAppAccount(fake);
    const adapter = whatsappAdapter(fake.url);
    const result = await adapter.send(
      { ...account, secrets: { ...account.secrets, accessToken: 'stale' } },
      { messageId: 1, to: 'wa:4917012345', text: 'Hi', files: [] },
    );
    expect(result).toMatchObject({ ok: false, retry: false, code: '190' });
    expect(fake.violations).toEqual([`POST ${MESSAGES}: missing or wrong bearer token`]);
  });

  it('refuses another Graph version than the account’s', async () => {
    const res = await post(`/v19.0/${FAKE_GRAPH_DEFAULTS.phoneNumberId}/messages`, {});
    expect(res.status).toBe(400);
    expect(fake.violations).toEqual([`POST /v19.0/${FAKE_GRAPH_DEFAULTS.phoneNumberId}/messages: version v19.0, expected v23.0`]);
  });

  it.each([
    ['no messaging_product', { to: '4917012345', type: 'text', text: { body: 'x' } }],
    ['no recipient', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }],
    ['a type without its object', { messaging_product: 'whatsapp', to: '4917012345', type: 'text' }],
    ['an empty text', { messaging_product: 'whatsapp', to: '4917012345', type: 'text', text: { body: '' } }],
    ['a media id never uploaded', { messaging_product: 'whatsapp', to: '4917012345', type: 'image', image: { id: '42' } }],
    [
      'a template with empty components',
      { messaging_product: 'whatsapp', to: '4917012345', type: 'template', template: { name: 'a', language: { code: 'en' }, components: [] } },
    ],
    ['an unknown parameter', { messaging_product: 'whatsapp', to: '4917012345', type: 'text', text: { body: 'x' }, priority: 'high' }],
  ])('refuses a send with %s, with Meta’s error body', async (_, body) => {
    const res = await post(MESSAGES, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 100, type: 'OAuthException', fbtrace_id: expect.any(String) } });
    expect(fake.violations).toHaveLength(1);
  });
});
