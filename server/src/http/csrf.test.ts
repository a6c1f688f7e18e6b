import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueue, createWidget } from '../testing/customer-chat.js';
import { startHarness, type Harness, type TestUser } from '../testing/harness.js';

const OWN = 'http://localhost:8080';
const FOREIGN = 'https://evil.example';

describe('cross-site request defence', () => {
  let h: Harness;
  let anna: TestUser;
  afterEach(() => h.close());

  const cookie = () => ({ cookie: `sb_session=${anna.token}` });
  const createContact = (headers: Record<string, string>) =>
    h.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ name: 'Zed' }),
    });

  it('refuses a cookie-authenticated change from a foreign Origin or Referer, allows our own', async () => {
    h = await startHarness('sqlite');
    anna = await h.user('Anna');
    const foreign = await createContact({ ...cookie(), origin: FOREIGN });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('FORBIDDEN');
    expect((await createContact({ ...cookie(), referer: `${FOREIGN}/page` })).statusCode).toBe(403);
    expect((await createContact({ ...cookie(), origin: 'null' })).statusCode).toBe(403);
    expect((await createContact({ ...cookie() })).statusCode).toBe(403);
    expect((await createContact({ ...cookie(), origin: OWN })).statusCode).toBe(201);
    expect((await createContact({ ...cookie(), referer: `${OWN}/contacts` })).statusCode).toBe(201);
    // The host the browser reached (a dev proxy, another name for the server) is its own origin too.
    expect((await createContact({ ...cookie(), origin: 'http://127.0.0.1:5173', host: '127.0.0.1:5173' })).statusCode).toBe(201);
    // Reads are not changes.
    expect((await h.app.inject({ method: 'GET', url: '/api/contacts', headers: { ...cookie(), origin: FOREIGN } })).statusCode).toBe(200);
  });

  it('refuses body-less changes (logout) cross-site too', async () => {
    h = await startHarness('sqlite');
    anna = await h.user('Anna');
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...cookie(), origin: FOREIGN } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: cookie() })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...cookie(), origin: OWN } })).statusCode).toBe(200);
  });

  it('lets bearer-token clients through without an Origin, and refuses a foreign sign-in', async () => {
    h = await startHarness('sqlite');
    anna = await h.user('Anna');
    expect((await createContact(anna.auth)).statusCode).toBe(201);
    const login = (origin?: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: origin ? { origin } : {},
        payload: { email: anna.email, password: 'correct-horse-battery' },
      });
    expect((await login()).statusCode).toBe(200);
    expect((await login(OWN)).statusCode).toBe(200);
    expect((await login(FOREIGN)).statusCode).toBe(403);
  });

  it('lets the widget call its visitor routes from any site', async () => {
    h = await startHarness('sqlite');
    anna = await h.user('Root', 'admin');
    const queue = await createQueue(h, anna, { agentIds: [anna.id] });
    const { key } = await createWidget(h, anna, { type: 'queue', queueId: queue.id });
    const visit = await h.app.inject({ method: 'POST', url: `/api/widget/${key}/visits`, headers: { origin: FOREIGN, ...cookie() }, payload: {} });
    expect(visit.statusCode).toBe(200);
    const sent = await h.app.inject({
      method: 'POST',
      url: '/api/visitor/messages',
      headers: { origin: FOREIGN, authorization: `Visitor ${visit.json().token}` },
      payload: { clientId: 'client-one', body: 'hello' },
    });
    expect(sent.statusCode).toBe(200);
  });

  it("answers other sites (CORS) on the widget's routes only, by the matched route", async () => {
    h = await startHarness('sqlite');
    anna = await h.user('Root', 'admin');
    const queue = await createQueue(h, anna, { agentIds: [anna.id] });
    const { key } = await createWidget(h, anna, { type: 'queue', queueId: queue.id });
    const acao = async (method: 'GET' | 'OPTIONS', url: string, headers: Record<string, string> = {}) =>
      (await h.app.inject({ method, url, headers: { origin: FOREIGN, ...headers } })).headers['access-control-allow-origin'];
    expect(await acao('GET', `/api/widget/${key}/config`)).toBe('*');
    expect(await acao('GET', `/%61pi/widget/${key}/config`)).toBe('*');
    expect(await acao('OPTIONS', '/api/visitor/messages', { 'access-control-request-method': 'POST' })).toBe('*');
    expect(await acao('GET', '/api/me', anna.auth)).toBeUndefined();
    expect(await acao('OPTIONS', '/api/contacts', { 'access-control-request-method': 'POST' })).toBeUndefined();
  });

  it('answers a text/plain or form body with 415 in our shape, even on a body-less route', async () => {
    h = await startHarness('sqlite');
    anna = await h.user('Anna');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await h.app.inject({ method: 'POST', url: '/api/contacts', headers: { ...anna.auth, 'content-type': type }, payload: '{"name":"Zed"}' });
      expect([type, response.statusCode, response.json().error.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    const logout = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...anna.auth, 'content-type': 'text/plain' }, payload: 'x' });
    expect(logout.statusCode).toBe(415);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: anna.auth })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  let h: Harness;
  let webDist: string;
  afterEach(async () => {
    await h.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('sends a strict policy with the web client and a looser one with the widget demo', async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Switchboard</title>');
    h = await startHarness('sqlite', { env: { WEB_DIST: webDist, PUBLIC_URL: 'https://chat.example.com' } });
    for (const url of ['/', '/index.html', '/chat/12']) {
      const response = await h.app.inject(url);
      expect(response.statusCode).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "connect-src 'self' wss://chat.example.com",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toContain('unsafe');
      expect(response.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
    }
    const admin = await h.user('Root', 'admin');
    const queue = await createQueue(h, admin, { agentIds: [admin.id] });
    await createWidget(h, admin, { type: 'queue', queueId: queue.id });
    const demo = await h.app.inject('/demo');
    expect(demo.statusCode).toBe(200);
    expect(String(demo.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
    expect(String(demo.headers['content-security-policy'])).toContain("script-src 'self';");
  });
});
