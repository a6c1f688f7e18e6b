import { Contact, ConversationInfo, EmailCustomer, IdParam, Ok, TransferRequest } from '@switchboard/protocol';
import type { Actor } from '../access/access.js';
import type { App } from '../http/types.js';
import type { CustomerChatService } from './service.js';

const ok = { ok: true as const };

export function customerChatRoutes(app: App, chats: CustomerChatService): void {
  const action = (path: string, run: (actor: Actor, id: number) => Promise<void>) =>
    app.post(`/api/conversations/:id/${path}`, { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
      await run(request.actor, request.params.id);
      return ok;
    });
  action('take', (actor, id) => chats.take(actor, id));
  action('dealt-with', (actor, id) => chats.dealtWith(actor, id));
  action('end', (actor, id) => chats.endSession(actor, id));
  action('block', (actor, id) => chats.block(actor, id));
  action('archive', (actor, id) => chats.archive(actor, id, true));
  action('unarchive', (actor, id) => chats.archive(actor, id, false));

  app.post('/api/conversations/:id/transfer', { schema: { params: IdParam, body: TransferRequest, response: { 200: Ok } } }, async (request) => {
    await chats.transfer(request.actor, request.params.id, request.body.to);
    return ok;
  });
  app.delete('/api/conversations/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await chats.remove(request.actor, request.params.id);
    return ok;
  });
  app.get('/api/conversations/:id/info', { schema: { params: IdParam, response: { 200: ConversationInfo } } }, (request) =>
    chats.info(request.actor, request.params.id),
  );
  app.post('/api/conversations/:id/email', { schema: { params: IdParam, body: EmailCustomer, response: { 200: Ok } } }, async (request) => {
    await chats.email(request.actor, request.params.id, request.body);
    return ok;
  });
  app.post('/api/conversations/:id/contact', { schema: { params: IdParam, response: { 201: Contact } } }, async (request, reply) =>
    reply.status(201).send(await chats.addContact(request.actor, request.params.id)),
  );
}
