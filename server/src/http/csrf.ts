import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/routes.js';
import type { Config } from '../config.js';
import { errors } from './errors.js';
import { isCrossOriginRoute } from './route-flags.js';
import type { App } from './types.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The page a browser request came from: Origin, or failing that the Referer's origin. */
function sourceOf(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin) return origin;
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/** PUBLIC_URL's origin, or the host the browser itself reached (a dev proxy, another name for the server). */
function isOwn(source: string, own: string, host: string | undefined): boolean {
  if (source === own) return true;
  try {
    return host !== undefined && new URL(source).host === host;
  } catch {
    return false;
  }
}

/**
 * Defence in depth against cross-site requests riding on the session cookie (SameSite=Strict is the
 * first line): bodies must be JSON (multipart where uploads are read), which a page on another site
 * cannot send without a CORS preflight we refuse; and a state-changing request from a browser must
 * come from our own origin. Bearer-token clients are not browsers acting on their own and are exempt,
 * as are the widget's visitor routes, cross-origin by design and authenticated by their own token.
 */
export function registerCsrfDefence(app: App, config: Config): void {
  // Fastify reads text/plain by default: a plain HTML form can send it cross-site with no preflight.
  app.removeContentTypeParser('text/plain');
  const own = new URL(config.publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || isCrossOriginRoute(request)) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const source = sourceOf(request);
    if (source === undefined) {
      // Browsers send Origin with every such request; only a non-browser client omits it, and it has no cookie.
      if (request.cookies[SESSION_COOKIE]) throw errors.forbidden('Cross-site request refused: no Origin');
      return;
    }
    if (!isOwn(source, own, request.headers.host)) throw errors.forbidden('Cross-site request refused');
  });
}
