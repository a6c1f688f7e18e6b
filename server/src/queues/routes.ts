import { ConversationList, IdParam, Text, MyQueueList, Ok, Queue, QueueInput, QueueList, QueueLogin, QueueRef } from '@switchboard/protocol';
import { z } from 'zod';
import type { App } from '../http/types.js';
import type { QueuesService } from './service.js';

const QueueSearch = z.object({ q: Text().trim().max(100).optional() });

export function queuesRoutes(app: App, queues: QueuesService): void {
  app.get('/api/admin/queues', { schema: { response: { 200: QueueList } } }, async (request) => ({
    queues: await queues.list(request.actor),
  }));
  app.post('/api/admin/queues', { schema: { body: QueueInput, response: { 201: Queue } } }, async (request, reply) =>
    reply.status(201).send(await queues.create(request.actor, request.body)),
  );
  app.put('/api/admin/queues/:id', { schema: { params: IdParam, body: QueueInput, response: { 200: Queue } } }, (request) =>
    queues.update(request.actor, request.params.id, request.body),
  );
  app.delete('/api/admin/queues/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await queues.remove(request.actor, request.params.id);
    return { ok: true as const };
  });

  app.get('/api/queues', { schema: { querystring: QueueSearch, response: { 200: z.object({ queues: z.array(QueueRef) }) } } }, async (request) => ({
    queues: await queues.search(request.query.q),
  }));
  app.get('/api/queues/mine', { schema: { response: { 200: MyQueueList } } }, async (request) => ({
    queues: await queues.mine(request.actor),
  }));
  app.put('/api/queues/:id/login', { schema: { params: IdParam, body: QueueLogin, response: { 200: Ok } } }, async (request) => {
    await queues.setLogin(request.actor, request.params.id, request.body.loggedIn);
    return { ok: true as const };
  });
  app.get('/api/queues/:id/waiting', { schema: { params: IdParam, response: { 200: ConversationList } } }, async (request) => ({
    conversations: await queues.waiting(request.actor, request.params.id),
  }));
}
