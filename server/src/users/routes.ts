import { CreateUser, IdParam, UpdateUser, User, UserList } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { UsersService } from './service.js';

export function usersRoutes(app: App, users: UsersService): void {
  app.get('/api/admin/users', { schema: { response: { 200: UserList } } }, async (request) => ({
    users: await users.list(request.actor),
  }));

  app.post('/api/admin/users', { schema: { body: CreateUser, response: { 201: User } } }, async (request, reply) =>
    reply.status(201).send(await users.create(request.actor, request.body)),
  );

  app.patch('/api/admin/users/:id', { schema: { params: IdParam, body: UpdateUser, response: { 200: User } } }, (request) =>
    users.update(request.actor, request.params.id, request.body),
  );
}
