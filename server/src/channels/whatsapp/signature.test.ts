import { describe, expect, it } from 'vitest';
import { FAKE_GRAPH_DEFAULTS } from '../../testing/fake-graph.js';
import { signWebhook, waContact, waMessage, waWebhook } from '../../testing/whatsapp-webhooks.js';
import type { WebhookRequest } from '../adapter.js';
import { whatsappAdapter } from './adapter.js';

const adapter = whatsappAdapter('http://127.0.0.1:9');
const account = {
  id: 7,
  type: 'whatsapp' as const,
  name: 'WA',
  key: 'k',
  settings: { phoneNumberId: FAKE_GRAPH_DEFAULTS.phoneNumberId, businessAccountId: '', displayPhoneNumber: '', graphVersion: 'v23.0', templates: [] },
  secrets: { accessToken: 't', appSecret: 'the-app-secret', verifyToken: 'the-verify-token' },
};

function get(query: Record<string, string>): WebhookRequest {
  return { method: 'GET', url: 'https://chat.example.com/webhooks/k', query, headers: {}, rawBody: Buffer.alloc(0) };
}
function post(rawBody: Buffer, signature?: string): WebhookRequest {
  return { method: 'POST', url: 'https://chat.example.com/webhooks/k', query: {}, headers: { 'x-hub-signature-256': signature }, rawBody };
}

describe('subscription handshake', () => {
  it('answers the challenge as plain text when mode and verify token match', () => {
    const verdict = adapter.verifyWebhook(account, get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'the-verify-token', 'hub.challenge': '1158201444' }));
    expect(verdict).toEqual({ kind: 'reply', status: 200, contentType: 'text/plain; charset=utf-8', body: '1158201444' });
  });

  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'the-verify-tokeN', 'hub.challenge': '1' }],
    ['a token of another length', { 'hub.mode': 'subscribe', 'hub.verify_token': 'x', 'hub.challenge': '1' }],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'the-verify-token', 'hub.challenge': '1' }],
    ['a challenge that is markup', { 'hub.mode': 'subscribe', 'hub.verify_token': 'the-verify-token', 'hub.challenge': '<script>x</script>' }],
    ['nothing', {}],
  ])('refuses %s with 403 and never echoes the challenge', (_, query) => {
    const verdict = adapter.verifyWebhook(account, get(query));
    expect(verdict).toMatchObject({ kind: 'reply', status: 403 });
    expect(verdict.kind === 'reply' && verdict.body).not.toContain('script');
  });

  it('refuses every token when the account has no verify token', () => {
    const empty = { ...account, secrets: { ...account.secrets, verifyToken: '' } };
    expect(adapter.verifyWebhook(empty, get({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }))).toMatchObject({ status: 403 });
  });
});

describe('X-Hub-Signature-256', () => {
  const payload = waWebhook(FAKE_GRAPH_DEFAULTS.phoneNumberId, {
    contacts: [waContact('491701234567', 'Ada')],
    messages: [waMessage('text', { body: 'Hi' }, { from: '491701234567', id: 'wamid.A' })],
  });
  // Meta's bytes: indented JSON with a non-ASCII character escaped, as a real body may come.
  const raw = Buffer.from(JSON.stringify(payload, null, 2).replace('Hi', 'H\\u00ef'));

  it('keeps a correctly signed body, with a dedupe key', () => {
    const verdict = adapter.verifyWebhook(account, post(raw, signWebhook('the-app-secret', raw)));
    expect(verdict).toMatchObject({ kind: 'store' });
    expect(verdict.kind === 'store' && verdict.dedupeKey).toMatch(/^whatsapp:[0-9a-f]{64}$/);
  });

  it('accepts the hex digest in upper case too', () => {
    const header = `sha256=${signWebhook('the-app-secret', raw).slice('sha256='.length).toUpperCase()}`;
    expect(adapter.verifyWebhook(account, post(raw, header))).toMatchObject({ kind: 'store' });
  });

  it('refuses the same JSON serialised again: the signature covers the raw bytes', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(JSON.parse(reserialised.toString())).toEqual(JSON.parse(raw.toString()));
    expect(adapter.verifyWebhook(account, post(reserialised, signWebhook('the-app-secret', raw)))).toMatchObject({ kind: 'reply', status: 401 });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['signed with another secret', signWebhook('another-secret', raw)],
    ['SHA-1 (the old X-Hub-Signature format)', `sha1=${'0'.repeat(40)}`],
    ['without the prefix', signWebhook('the-app-secret', raw).slice('sha256='.length)],
    ['truncated', signWebhook('the-app-secret', raw).slice(0, -2)],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('refuses a signature that is %s with 403', (_, header) => {
    expect(adapter.verifyWebhook(account, post(raw, header))).toMatchObject({ kind: 'reply', status: 401 });
  });

  it('refuses a body changed by one byte', () => {
    const header = signWebhook('the-app-secret', raw);
    const changed = Buffer.from(raw);
    changed[changed.length - 2] = 0x20;
    expect(adapter.verifyWebhook(account, post(changed, header))).toMatchObject({ kind: 'reply', status: 401 });
  });

  it('verifies nothing when the account has no app secret, since anyone could sign with an empty key', () => {
    const empty = { ...account, secrets: { ...account.secrets, appSecret: '' } };
    expect(adapter.verifyWebhook(empty, post(raw, signWebhook('', raw)))).toMatchObject({ kind: 'reply', status: 401 });
  });

  it('stores a signed body it cannot read with no dedupe key (processing then reports why)', () => {
    const garbage = Buffer.from('{"object":"page"}');
    expect(adapter.verifyWebhook(account, post(garbage, signWebhook('the-app-secret', garbage)))).toEqual({ kind: 'store', dedupeKey: null });
  });
});
