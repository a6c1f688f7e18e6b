import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './types.js';

/**
 * Client-side routes are plain paths (/chat/12, /admin/users). Anything else the catch-all sees (an API or
 * socket path however spelled: encoded, `;params`, doubled slashes, other case) gets a 404, not index.html.
 */
function isClientRoute(url: string): boolean {
  if (!/^[A-Za-z0-9/_-]*$/.test(url) || path.extname(url)) return false;
  const normal = url.toLowerCase().replace(/\/{2,}/g, '/');
  return !(normal === '/api' || normal.startsWith('/api/') || normal === '/ws' || normal.startsWith('/ws/'));
}

/** Serves the built web client at /, with index.html for its client-side routes, under `headers` (its CSP). All of it is public. */
export async function registerWebClient(app: App, webDist: string, headers: Record<string, string>): Promise<void> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn({ webDist }, 'web client not built: run `npm run build`');
    return;
  }
  await app.register(async (scope: App) => {
    // The static plugin declares one route per file; they, like the fallback, need no session.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    scope.addHook('onSend', async (_request, reply) => {
      reply.headers(headers);
    });
    // None of these is a socket: `//ws` and the like would otherwise be upgraded by the catch-all, then dropped.
    scope.addHook('onRequest', async (request, reply) => {
      if (request.headers.upgrade) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No socket here' } });
    });
    await scope.register(fastifyStatic, { root: webDist, wildcard: false });
    scope.get('/*', { schema: { hide: true } }, (request, reply) => {
      const url = request.url.split('?')[0]!;
      if (!isClientRoute(url)) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route GET ${url}` } });
      }
      return reply.sendFile('index.html');
    });
  });
}
