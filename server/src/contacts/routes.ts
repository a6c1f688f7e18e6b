import { Contact, ContactInput, ContactList, ContactQuery, IdParam, Ok } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { ContactsService } from './service.js';

export function contactsRoutes(app: App, contacts: ContactsService): void {
  app.get('/api/contacts', { schema: { querystring: ContactQuery, response: { 200: ContactList } } }, async (request) => ({
    contacts: await contacts.list(request.actor, request.query.q),
  }));

  app.post('/api/contacts', { schema: { body: ContactInput, response: { 201: Contact } } }, async (request, reply) =>
    reply.status(201).send(await contacts.create(request.actor, request.body)),
  );

  app.put('/api/contacts/:id', { schema: { params: IdParam, body: ContactInput, response: { 200: Contact } } }, (request) =>
    contacts.update(request.actor, request.params.id, request.body),
  );

  app.delete('/api/contacts/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await contacts.remove(request.actor, request.params.id);
    return { ok: true as const };
  });
}
