import { MessageSearchQuery, MessageSearchResult } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { SearchService } from './service.js';

export function searchRoutes(app: App, search: SearchService): void {
  app.get('/api/messages/search', { schema: { querystring: MessageSearchQuery, response: { 200: MessageSearchResult } } }, (request) =>
    search.messages(request.actor, request.query),
  );
}
