import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { errors } from '../http/errors.js';
import type { App } from '../http/types.js';
import type { AccountDirectory } from './accounts/directory.js';
import type { WebhookRequest } from './adapter.js';
import { inboxStorage } from './inbox/storage.js';
import type { Adapters } from './registry.js';

/** Meta's webhooks are a few KB; a larger body is not one. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export interface WebhookDeps {
  db: Db;
  accounts: AccountDirectory;
  adapters: Adapters;
  clock: Clock;
  config: Config;
  /** Wakes the worker that processes stored webhooks. */
  kick(): void;
}

/**
 * `/webhooks/:key`: the provider's handshake (GET) and events (POST). A POST is checked by its channel's
 * adapter over the raw bytes (signature), stored in the webhook inbox, and only then answered 200: a
 * crash after the answer loses nothing, and the provider's retry of the same event is stored once.
 */
export function webhookRoutes(app: App, deps: WebhookDeps): void {
  void app.register(async (scope: FastifyInstance) => {
    // The signature covers the exact bytes: keep them, whatever the content type says.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

    const handle = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      const { key } = request.params as { key: string };
      const account = key.length <= 64 ? await deps.accounts.byKey(key) : undefined;
      const adapter = account && deps.adapters.get(account.type);
      if (!account || !adapter) throw errors.notFound('Webhook');
      const url = new URL(request.url, deps.config.publicUrl);
      const webhook: WebhookRequest = {
        method: request.method === 'GET' ? 'GET' : 'POST',
        url: `${deps.config.publicUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers as Record<string, string | undefined>,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      };
      const verdict = adapter.verifyWebhook(account, webhook);
      if (verdict.kind === 'reply')
        return reply
          .status(verdict.status)
          .type(verdict.contentType ?? 'text/plain; charset=utf-8')
          .send(verdict.body);
      await inboxStorage.store(deps.db, account.id, verdict.dedupeKey, webhook.rawBody.toString('utf8'), deps.clock.now());
      deps.kick();
      const answer = verdict.answer ?? { contentType: 'text/plain; charset=utf-8', body: 'EVENT_RECEIVED' };
      return reply.status(200).type(answer.contentType).send(answer.body);
    };
    const options = { config: { public: true, crossOrigin: true }, schema: { hide: true } };
    scope.get('/webhooks/:key', options, handle);
    scope.post('/webhooks/:key', options, handle);
  });
}
