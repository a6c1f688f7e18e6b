import type { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import type { App } from './types.js';

/** Query parameters that carry a credential somewhere (visitors' `<img src>` files, old widgets' sockets, OAuth). */
const SECRET_PARAMS = ['token', 'ticket', 'access_token', 'refresh_token', 'id_token', 'code', 'password', 'secret', 'key', 'signature', 'sig'];
const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');

/** The URL or text with every credential-bearing query value replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_QUERY, '$1[redacted]');
}

/** Fastify's default request fields, with the URL masked: request logs are read by more people than tokens should be. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactSecrets(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function loggerOptions(level: string, stream?: Writable): LoggerOptions & { stream?: Writable } {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: { req: serializeRequest as never },
    // Some messages quote the URL themselves (Fastify's warnings): mask those too.
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
}

/**
 * One line per request only at `debug`: at `info` a small installation's log holds starts, stops, errors and
 * requests slower than `slowMs`, which are what an operator reads it for. (Fastify's own per-request lines are
 * turned off with `disableRequestLogging`.)
 */
export function registerRequestLogging(app: App, slowMs: number): void {
  app.addHook('onResponse', async (request, reply) => {
    const line = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (reply.elapsedTime >= slowMs) request.log.info(line, 'slow request');
    else request.log.debug(line, 'request completed');
  });
}
