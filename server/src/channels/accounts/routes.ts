import { ChannelAccount, ChannelAccountInput, ChannelAccountList, ChannelAccountRefList, ChannelConnectionTest, IdParam, Ok } from '@switchboard/protocol';
import type { App } from '../../http/types.js';
import type { ChannelAccountsService } from './service.js';

export function channelAccountRoutes(app: App, accounts: ChannelAccountsService): void {
  app.get('/api/admin/channels', { schema: { response: { 200: ChannelAccountList } } }, async (request) => ({
    channels: await accounts.list(request.actor),
  }));
  app.post('/api/admin/channels', { schema: { body: ChannelAccountInput, response: { 201: ChannelAccount } } }, async (request, reply) =>
    reply.status(201).send(await accounts.create(request.actor, request.body)),
  );
  app.get('/api/admin/channels/:id', { schema: { params: IdParam, response: { 200: ChannelAccount } } }, (request) =>
    accounts.get(request.actor, request.params.id),
  );
  app.put('/api/admin/channels/:id', { schema: { params: IdParam, body: ChannelAccountInput, response: { 200: ChannelAccount } } }, (request) =>
    accounts.update(request.actor, request.params.id, request.body),
  );
  app.delete('/api/admin/channels/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await accounts.remove(request.actor, request.params.id);
    return { ok: true as const };
  });
  app.post('/api/admin/channels/:id/test', { schema: { params: IdParam, response: { 200: ChannelConnectionTest } } }, (request) =>
    accounts.test(request.actor, request.params.id),
  );
  app.get('/api/channels', { schema: { response: { 200: ChannelAccountRefList } } }, async (request) => ({
    channels: await accounts.refs(request.actor),
  }));
}
