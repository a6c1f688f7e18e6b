import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../http/error-handler.js';
import type { App } from '../http/types.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { registerAuthentication } from './routes.js';
import type { AuthService } from './service.js';

interface Route {
  method: string;
  url: string;
}

/** Every route the app declares, from Fastify's own route tree (hidden ones included, unlike the OpenAPI document). */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) routes.push({ method, url: stack.join('') });
  }
  return routes;
}

/** Reachable without a session, by design. */
const PUBLIC = new Set([
  'GET /health',
  'GET /api/openapi.json',
  'POST /api/auth/login',
  // Before sign-in: whether "forgot password" is offered, asking for a link (same answer for any address), using one.
  'GET /api/auth/options',
  'POST /api/auth/forgot-password',
  'POST /api/auth/reset-password',
  'GET /api/widget/:key/config',
  'POST /api/widget/:key/visits',
  'POST /api/widget/:key/offline',
  'GET /api/visitor/chat',
  'POST /api/visitor/messages',
  'POST /api/visitor/files',
  'GET /api/visitor/files/:id',
  'GET /api/visitor/files/:id/display',
  'GET /api/visitor/files/:id/thumbnail',
  'GET /ws/visitor',
  'GET /widget.js',
  // Providers' webhooks: each checked by its channel's adapter (handshake token, signature over the raw body).
  'GET /webhooks/:key',
  'POST /webhooks/:key',
  // Files we send by link (MMS): the signed, expiring token in the path is the permission.
  'GET /media/:token',
  'GET /demo',
  'GET /*',
  'GET /',
  'GET /index.html',
  'GET /assets/app.js',
  'OPTIONS *',
]);

const encodeFirstLetter = (segment: string) => segment.replace(/[a-z]/i, (c) => '%' + c.charCodeAt(0).toString(16));

/** The ways a client may spell one path so that a string comparison misses it while a router still matches. */
function variants(url: string): string[] {
  const segments = url.split('/').slice(1);
  return [
    url,
    '/' + segments.map(encodeFirstLetter).join('/'),
    '/' + segments.map((s) => s.replace(/[a-z]/gi, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/'),
    url.replace('/', '/%2F').replace(/^\/%2F/, '/%2f'),
    url.replaceAll('/', '//'),
    '/.' + url,
    url + '/',
    url.toUpperCase(),
    url.replace(/^\/(\w)/, (_m, c: string) => '/' + c.toUpperCase()),
    url + ';jsessionid=1',
    url.replace(/\/(\w+)/, '/$1;x=1'),
    url + '?x=1',
    url + '%00',
  ];
}

describe('authentication follows the matched route, not the URL string', () => {
  let h: Harness;
  let webDist: string;
  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-web-'));
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Switchboard</title>');
    fs.writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1)');
    h = await startHarness('sqlite', { env: { WEB_DIST: webDist } });
    const anna = await h.user('Anna', 'admin');
    // Ids that exist, so that a route reached without a session would find something.
    await h.app.inject({ method: 'POST', url: '/api/conversations', headers: anna.auth, payload: { userIds: [anna.id] } });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('answers every non-public route, however spelled, with 401 or 404 and never a 5xx without a session', async () => {
    const routes = routesOf(h.app.printRoutes({ commonPrefix: false }));
    const documented = Object.keys((await h.app.inject('/api/openapi.json')).json().paths as object);
    // Every documented route is walked, and the hidden ones (/ws, /health, static files, ...) too.
    const walked = new Set(routes.map((r) => r.url));
    expect(documented.map((p) => p.replace(/\{(\w+)\}/g, ':$1')).filter((p) => !walked.has(p))).toEqual([]);
    expect(routes.length).toBeGreaterThan(documented.length);
    // A HEAD route is its GET route's twin, public exactly when that one is.
    const guarded = routes.filter((r) => !PUBLIC.has(`${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
    expect(guarded.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/queues', '/api/settings/org', '/ws', '/api/files/:id']));
    const failures: string[] = [];
    for (const route of guarded) {
      const concrete = route.url.replaceAll(':id', '1').replaceAll(':key', 'k');
      for (const url of variants(concrete)) {
        const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
        const response = await h.app.inject({ method: route.method as 'GET', url, ...(withBody ? { payload: {} } : {}) });
        const expected = url === concrete ? [401] : [401, 404];
        if (!expected.includes(response.statusCode)) failures.push(`${route.method} ${url} → ${response.statusCode} ${response.body.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('tells API clients which documented routes need no session', async () => {
    const doc = (await h.app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/widget/{key}/visits'].post.security).toEqual([]);
    expect(doc.paths['/api/contacts'].get.security).toBeUndefined();
  });

  it('still lets the public routes through without a session', async () => {
    expect((await h.app.inject('/health')).statusCode).toBe(200);
    expect((await h.app.inject('/api/openapi.json')).statusCode).toBe(200);
    expect((await h.app.inject('/api/widget/nope/config')).statusCode).toBe(404);
    expect((await h.app.inject('/some/client/route')).statusCode).toBe(200);
    expect((await h.app.inject('/assets/app.js')).statusCode).toBe(200);
  });

  it('refuses a WebSocket upgrade to /ws however it is spelled', async () => {
    const base = (await h.listen()).replace('http', 'ws');
    for (const url of ['/ws', '/w%73', '/%77s', '//ws']) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = new WebSocket(base + url);
        socket.on('open', () => {
          socket.close();
          resolve('open');
        });
        socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        socket.on('error', (err) => resolve(`error ${err.message}`));
      });
      expect([url, outcome]).toEqual([url, expect.stringMatching(/^(401|404)$/)]);
    }
  });

  it('never lets a handler run without a signed-in user: request.actor throws 401', async () => {
    const app = Fastify() as unknown as App;
    registerErrorHandling(app);
    registerAuthentication(app, { authenticate: async () => null } as unknown as AuthService);
    // A route wrongly declared public still cannot act for no one.
    app.get('/api/oops', { config: { public: true } }, (request) => ({ id: request.actor.id }));
    const response = await app.inject('/api/oops');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue' } });
    await app.close();
  });
});
