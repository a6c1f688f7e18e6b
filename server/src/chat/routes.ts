import {
  Conversation,
  ConversationList,
  ConversationListQuery,
  CreateConversation,
  HistoryQuery,
  IdParam,
  MarkRead,
  Message,
  MessagePage,
  Ok,
  SendMessage,
} from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { ChatService } from './service.js';

export function chatRoutes(app: App, chat: ChatService): void {
  app.get('/api/conversations', { schema: { querystring: ConversationListQuery, response: { 200: ConversationList } } }, async (request) => ({
    conversations: await chat.list(request.actor, request.query.archived),
  }));

  app.post('/api/conversations', { schema: { body: CreateConversation, response: { 200: Conversation } } }, (request) =>
    chat.create(request.actor, request.body),
  );

  app.get('/api/conversations/:id', { schema: { params: IdParam, response: { 200: Conversation } } }, (request) => chat.get(request.actor, request.params.id));

  app.get('/api/conversations/:id/messages', { schema: { params: IdParam, querystring: HistoryQuery, response: { 200: MessagePage } } }, (request) =>
    chat.history(request.actor, request.params.id, request.query),
  );

  app.post('/api/conversations/:id/messages', { schema: { params: IdParam, body: SendMessage, response: { 200: Message } } }, (request) =>
    chat.send(request.actor, request.params.id, request.body),
  );

  app.post('/api/conversations/:id/read', { schema: { params: IdParam, body: MarkRead, response: { 200: Ok } } }, async (request) => {
    await chat.markRead(request.actor, request.params.id, request.body.messageId);
    return { ok: true as const };
  });
}
