import type { Socket } from 'node:net';
import type { Server } from 'node:http';
import { type FastifyHttpOptions, type FastifyReply, LogController } from 'fastify';
import type { Config } from '../config.js';
import { toErrorBody } from './error-handler.js';
import type { ErrorCode } from './errors.js';

/** Node's default; a session cookie and a bearer token fit many times over. */
const MAX_HEADER_BYTES = 16 * 1024;
/** Ids are numbers and widget keys at most 64 characters: a longer path segment answers 414. */
const MAX_PARAM_LENGTH = 100;
/** A request line and headers are a few hundred bytes: whoever needs longer than this is trickling. */
const HEADERS_TIMEOUT_MS = 20_000;

/**
 * How long a connection may take, chosen so that a 25 MB upload still gets through a slow link while
 * a client trickling bytes cannot hold a connection for long:
 * - requestMs (REQUEST_TIMEOUT_MS, 10 min) bounds the whole request, body included: 25 MB in 10 minutes
 *   is ~350 kbit/s, slower than any link anyone uploads a 25 MB file over;
 * - headers must be complete within 20 s (or requestMs if shorter);
 * - a JSON body within BODY_TIMEOUT_MS (60 s, http/body-deadline.ts): only uploads need the long deadline;
 * - idleMs (IDLE_TIMEOUT_MS, 60 s) closes a socket that sent or received nothing for that long (our
 *   WebSockets ping every 30 s, so they stay);
 * - keepAliveMs (KEEP_ALIVE_TIMEOUT_MS, 30 s) ends an idle keep-alive connection between requests.
 * Node checks the request and header deadlines periodically; checking at a quarter of the shortest
 * one keeps the overrun small.
 */
export function serverOptions(config: Config): FastifyHttpOptions<Server> {
  const { requestMs, idleMs, keepAliveMs } = config.timeouts;
  const headersTimeout = Math.min(HEADERS_TIMEOUT_MS, requestMs);
  return {
    bodyLimit: config.bodyLimit,
    // Per-request lines come from http/logging.ts: at debug, or at info when slow.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustedHops(config.trustProxy),
    requestTimeout: requestMs,
    connectionTimeout: idleMs,
    keepAliveTimeout: keepAliveMs,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout,
      requestTimeout: requestMs,
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(headersTimeout / 4))),
    },
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const { status, ...body } = toErrorBody(error);
      return reply.status(status).send({ error: body });
    },
    clientErrorHandler: answerClientError,
  };
}

/**
 * Fastify 5.12 reads a number as "trust no hop" (it cannot check the peer), so a hop count becomes
 * proxy-addr's own rule: hop 0 is the socket's peer, hop 1 the address it forwarded, and so on.
 */
function trustedHops(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/** Errors Node raises on the socket before there is a request: answered in our shape, then closed. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
        : [400, 'VALIDATION_FAILED', 'The request is malformed'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${code.replaceAll('_', ' ')}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
