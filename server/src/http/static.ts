import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './types.js';

/** Serves the built web client at /, with index.html for its client-side routes. */
export async function registerWebClient(app: App, webDist: string): Promise<void> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn({ webDist }, 'web client not built: run `npm run build`');
    return;
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url === '/ws' || path.extname(url)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route GET ${url}` } });
    }
    return reply.sendFile('index.html');
  });
}
