import { accountStorage } from '../channels/accounts/storage.js';
import fs from 'node:fs';
import path from 'node:path';
import cors from '@fastify/cors';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { isCrossOriginRoute } from '../http/route-flags.js';
import { demoPageHeaders, widgetScriptHeaders } from '../http/security-headers.js';
import type { App } from '../http/types.js';

const VISITOR_PREFIXES = ['/api/widget/', '/api/visitor/'];
const VISITOR_CORS = { origin: '*', methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 };
const NO_CORS = { origin: false };

/**
 * The widget runs on customers' own websites: its endpoints answer any origin, and carry no cookies.
 * Which ones is the matched route's `crossOrigin` flag; only a preflight, which matches no route of its
 * own, goes by the path the widget calls. A preflight grants nothing by itself: the answer a page may
 * read still needs the route's own CORS headers.
 */
export async function registerVisitorCors(app: App): Promise<void> {
  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      const path = request.url.split('?')[0] ?? '';
      const visitor = request.method === 'OPTIONS' ? VISITOR_PREFIXES.some((prefix) => path.startsWith(prefix)) : isCrossOriginRoute(request);
      callback(null, visitor ? VISITOR_CORS : NO_CORS);
    },
  });
}

/** Serves the built widget at /widget.js and the demo page that embeds it at /demo. */
export function widgetAssetRoutes(app: App, db: Db, widgetDir: string, config: Config): void {
  const script = path.join(widgetDir, 'dist', 'widget.js');
  const demo = path.join(widgetDir, 'demo.html');

  app.get('/widget.js', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    if (!fs.existsSync(script)) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'The widget is not built: run `npm run build`' } });
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .headers(widgetScriptHeaders)
      .send(fs.createReadStream(script));
  });

  app.get('/demo', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const widget = await accountStorage.first(db, 'livechat');
    if (!widget || !fs.existsSync(demo)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No live chat widget is configured yet' } });
    }
    const html = (await fs.promises.readFile(demo, 'utf8')).replaceAll('{{WIDGET_KEY}}', widget.key);
    return reply.type('text/html; charset=utf-8').headers(demoPageHeaders(config)).send(html);
  });
}
