import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_GRAPH_DEFAULTS, FakeGraph, fakeWhatsAppAccount } from '../../testing/fake-graph.js';
import { graphError } from '../../testing/fake-meta.js';
import { whatsappAdapter } from './adapter.js';

let fake: FakeGraph;
let adapter: ReturnType<typeof whatsappAdapter>;
let account: ReturnType<typeof fakeWhatsAppAccount>;

const listed = (name: string, status: string, body: string, language = 'en_US') => ({
  name,
  language,
  status,
  category: 'UTILITY',
  id: `id_${name}`,
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Header {{1}}' },
    { type: 'BODY', text: body },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
  ],
});

beforeAll(async () => {
  fake = await FakeGraph.start(FAKE_GRAPH_DEFAULTS);
  adapter = whatsappAdapter(fake.url, { mediaMaxBytes: 1000, requestTimeoutMs: 2000, mediaTimeoutMs: 2000, templatePages: 3 });
  account = fakeWhatsAppAccount(fake);
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.violations.length = 0;
  fake.templatePageSize = 2;
});
afterEach(() => expect(fake.violations).toEqual([]));
afterAll(() => fake.close());

describe('templates', () => {
  it('lists the approved templates across pages, with body and placeholder count', async () => {
    fake.templates = [
      listed('order_shipped', 'APPROVED', 'Hi {{1}}, order {{2}} has shipped.'),
      listed('draft_offer', 'PENDING', 'Offer {{1}}'),
      listed('hello_world', 'APPROVED', 'Hello world', 'en'),
      listed('refused_one', 'REJECTED', 'No'),
      listed('appointment', 'APPROVED', 'See you on {{ 1 }} at {{3}}', 'de'),
    ];
    expect(await adapter.templates(account)).toEqual([
      { name: 'order_shipped', language: 'en_US', body: 'Hi {{1}}, order {{2}} has shipped.', parameterCount: 2 },
      { name: 'hello_world', language: 'en', body: 'Hello world', parameterCount: 0 },
      { name: 'appointment', language: 'de', body: 'See you on {{ 1 }} at {{3}}', parameterCount: 3 },
    ]);
    const calls = fake.requests.map((r) => [r.path, r.query]);
    const path = `/v23.0/${FAKE_GRAPH_DEFAULTS.businessAccountId}/message_templates`;
    expect(calls).toEqual([
      [path, { fields: 'name,language,status,components', limit: '100' }],
      [path, { fields: 'name,language,status,components', limit: '100', after: expect.any(String) }],
      [path, { fields: 'name,language,status,components', limit: '100', after: expect.any(String) }],
    ]);
  });

  it('stops after the page bound however many pages Graph has', async () => {
    fake.templates = Array.from({ length: 20 }, (_, i) => listed(`t_${i}`, 'APPROVED', 'Hi'));
    const templates = await adapter.templates(account);
    expect(templates).toHaveLength(6);
    expect(fake.requests).toHaveLength(3);
  });

  it('leaves out templates our send cannot fill: named placeholders, or outside our shape', async () => {
    fake.templates = [
      listed('named_params', 'APPROVED', 'Hi {{first_name}}'),
      listed('Bad-Name', 'APPROVED', 'Hi'),
      listed('too_many', 'APPROVED', 'x {{21}}'),
      listed('fine', 'APPROVED', 'Hi {{1}}'),
    ];
    expect((await adapter.templates(account))?.map((t) => t.name)).toEqual(['fine']);
  });

  it('reports Graph’s refusal with its code', async () => {
    fake.script('templates', graphError(200, 'Permissions error', 403));
    await expect(adapter.templates(account)).rejects.toMatchObject({ failure: { code: '200', retry: false, message: 'Permissions error' } });
  });

  it('answers null without calling Graph when the account has no business account id', async () => {
    const manual = { ...account, settings: { ...account.settings, businessAccountId: '' } };
    expect(await adapter.templates(manual)).toBeNull();
    expect(fake.requests).toEqual([]);
  });
});
