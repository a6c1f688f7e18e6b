import { Group, GroupInput, GroupList, IdParam, Ok } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { GroupsService } from './service.js';

export function groupsRoutes(app: App, groups: GroupsService): void {
  app.get('/api/admin/groups', { schema: { response: { 200: GroupList } } }, async (request) => ({
    groups: await groups.list(request.actor),
  }));

  app.post('/api/admin/groups', { schema: { body: GroupInput, response: { 201: Group } } }, async (request, reply) =>
    reply.status(201).send(await groups.create(request.actor, request.body)),
  );

  app.put('/api/admin/groups/:id', { schema: { params: IdParam, body: GroupInput, response: { 200: Group } } }, (request) =>
    groups.update(request.actor, request.params.id, request.body),
  );

  app.delete('/api/admin/groups/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await groups.remove(request.actor, request.params.id);
    return { ok: true as const };
  });
}
