import multipart from '@fastify/multipart';
import { IdParam, stripControlAndBidi, UploadedFiles } from '@switchboard/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import { errors } from '../http/errors.js';
import type { App } from '../http/types.js';
import type { LiveChatService } from '../livechat/service.js';
import type { FilesService, IncomingFile, Served, Variant } from './service.js';

const MAX_FILES_PER_REQUEST = 10;

/** The file parts of a multipart request, each read once, in order; other fields are ignored. */
async function* fileParts(request: FastifyRequest): AsyncIterable<IncomingFile> {
  if (!request.isMultipart()) throw errors.unsupportedMediaType('Send the files as multipart/form-data');
  for await (const part of request.parts()) {
    if (part.type === 'file') yield { filename: part.filename, file: part.file };
  }
}

/**
 * Content-Disposition with the name twice: an ASCII fallback, quoted, with anything else (quotes,
 * backslashes, controls, non-ASCII) as "_", and the exact name as RFC 8187 `filename*`, percent-
 * encoding every byte outside attr-char (encodeURIComponent leaves ' ( ) * ! which attr-char lacks).
 */
export function contentDisposition(inline: boolean, name: string): string {
  const clean = stripControlAndBidi(name);
  const ascii = clean.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Never our HTML: the detected type, no sniffing, sandboxed, downloads as attachments. */
function send(reply: FastifyReply, served: Served) {
  const disposition = contentDisposition(served.inline, served.name);
  return (
    reply
      .header('content-type', served.mime === 'text/plain' ? 'text/plain; charset=utf-8' : served.mime)
      .header('content-length', served.size)
      .header('content-disposition', disposition)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=86400')
      // A streamed (large) file ends its connection: a download is worth a new one, and no half-read
      // stream can hold a keep-alive connection open past a shutdown.
      .header('connection', Buffer.isBuffer(served.body) ? 'keep-alive' : 'close')
      .send(served.body)
  );
}

const VARIANTS: [string, Variant][] = [
  ['', 'original'],
  ['/display', 'display'],
  ['/thumbnail', 'thumbnail'],
];

const VisitorFileQuery = z.object({ token: z.string().min(1).max(200).optional() });

const visitorToken = (request: FastifyRequest, query: { token?: string | undefined }) => {
  const header = request.headers.authorization;
  return header?.startsWith('Visitor ') ? header.slice(8).trim() : query.token;
};

/**
 * Uploads (multipart, streamed to disk) and downloads, for colleagues and for live chat visitors.
 * Visitors' downloads also take the token as `?token=` so the widget can put them in `<img src>`.
 */
export async function filesRoutes(app: App, files: FilesService, livechat: LiveChatService, config: Config): Promise<void> {
  await app.register(async (scope: App) => {
    await scope.register(multipart, {
      // One byte past the limit reaches our counter, which refuses the file and deletes what was spooled.
      limits: { fileSize: files.maxUploadBytes + 1, files: MAX_FILES_PER_REQUEST, fields: 10, parts: MAX_FILES_PER_REQUEST + 10 },
      throwFileSizeLimit: false,
    });
    // An upload's connection is not reused: a refused one may still be arriving (closing beats reading
    // megabytes to discard), and the parser may leave bytes after the closing boundary unread, which
    // would keep the connection busy for good (and a shutting-down server waiting for it).
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('connection', 'close');
    });

    scope.post('/api/conversations/:id/files', { schema: { params: IdParam, response: { 200: UploadedFiles } } }, async (request) => ({
      files: await files.upload(request.actor, request.params.id, fileParts(request)),
    }));

    const { messagesPerIp, windowMs } = config.visitorLimit;
    scope.post(
      '/api/visitor/files',
      { config: { rateLimit: { max: messagesPerIp, timeWindow: windowMs } }, schema: { response: { 200: UploadedFiles } } },
      async (request) => {
        const visitor = await livechat.authenticate(visitorToken(request, {}), request.ip);
        return { files: await files.uploadForVisitor(visitor.id, visitor.widget.id, fileParts(request)) };
      },
    );
  });

  for (const [suffix, variant] of VARIANTS) {
    app.get(`/api/files/:id${suffix}`, { schema: { params: IdParam } }, async (request, reply) =>
      send(reply, await files.open(request.actor, request.params.id, variant)),
    );
    app.get(
      `/api/visitor/files/:id${suffix}`,
      {
        config: { rateLimit: { max: messagesPerIpTimes(config, 10), timeWindow: config.visitorLimit.windowMs } },
        schema: { params: IdParam, querystring: VisitorFileQuery },
      },
      async (request, reply) => {
        const visitor = await livechat.authenticate(visitorToken(request, request.query), request.ip);
        return send(reply, await files.openForVisitor(visitor.id, request.params.id, variant));
      },
    );
  }
}

/** Downloads are cheaper than sends and a chat shows many thumbnails at once: a larger allowance. */
const messagesPerIpTimes = (config: Config, factor: number) => config.visitorLimit.messagesPerIp * factor;
