import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import { AppError } from './errors.js';
import type { App } from './types.js';

const hasBody = (headers: IncomingHttpHeaders) => headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/**
 * JSON bodies are at most BODY_LIMIT_BYTES (1 MB) and arrive in seconds; only uploads need the long
 * request timeout. A JSON body still arriving after `ms` is refused with 408 and its connection closed,
 * so a client trickling one holds a connection for a minute, not for the uploads' ten.
 */
export function registerBodyDeadline(app: App, ms: number): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    if (!hasBody(request.headers) || request.headers['content-type']?.toLowerCase().startsWith('multipart/')) return payload;
    const body = new PassThrough();
    const timer = setTimeout(() => {
      payload.unpipe(body);
      reply.header('connection', 'close');
      body.destroy(new AppError('REQUEST_TIMEOUT', 'The request body took too long to arrive'));
    }, ms);
    timer.unref();
    const done = () => clearTimeout(timer);
    payload.on('end', done).on('close', done).on('error', done);
    // Answered before the body ended (413 over the limit: the parser stopped reading): nobody waits for
    // it any more, and a late error on the abandoned stream would have no listener.
    reply.raw.once('close', done);
    return payload.pipe(body);
  });
}
