import { IdParam, Ok, SetPresence, TeamQuery, TeamView, UserSearchQuery, UserSearchResult } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { TeamService } from './service.js';

export function teamRoutes(app: App, team: TeamService): void {
  app.get('/api/team', { schema: { querystring: TeamQuery, response: { 200: TeamView } } }, (request) => team.view(request.actor, request.query.groupId));

  app.put('/api/team/favourites/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await team.setFavourite(request.actor, request.params.id, true);
    return { ok: true as const };
  });

  app.delete('/api/team/favourites/:id', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await team.setFavourite(request.actor, request.params.id, false);
    return { ok: true as const };
  });

  app.put('/api/me/presence', { schema: { body: SetPresence, response: { 200: Ok } } }, async (request) => {
    await team.setPresence(request.actor, request.body.status);
    return { ok: true as const };
  });

  app.get('/api/users/search', { schema: { querystring: UserSearchQuery, response: { 200: UserSearchResult } } }, (request) =>
    team.search(request.actor, request.query.q),
  );
}
