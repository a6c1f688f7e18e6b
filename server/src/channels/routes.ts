import {
  ChannelTemplateList,
  Conversation,
  CoercedId,
  CustomerSearch,
  CustomerSummaryList,
  IdParam,
  MergeCustomer,
  Message,
  Ok,
  SendTemplate,
  StartChannelConversation,
  StartTextConversation,
} from '@switchboard/protocol';
import { z } from 'zod';
import type { App } from '../http/types.js';
import type { ChannelMessaging } from './messaging.js';

const MessageParams = z.object({ id: CoercedId, messageId: CoercedId });

/** What agents do with messaging-app chats: retry, templates, starting a chat by number, merging customers. */
export function channelMessagingRoutes(app: App, messaging: ChannelMessaging): void {
  app.post('/api/conversations/:id/messages/:messageId/retry', { schema: { params: MessageParams, response: { 200: Message } } }, (request) =>
    messaging.retry(request.actor, request.params.id, request.params.messageId),
  );

  app.get('/api/channels/:id/templates', { schema: { params: IdParam, response: { 200: ChannelTemplateList } } }, (request) =>
    messaging.accountTemplateList(request.actor, request.params.id),
  );

  app.get('/api/conversations/:id/templates', { schema: { params: IdParam, response: { 200: ChannelTemplateList } } }, (request) =>
    messaging.templates(request.actor, request.params.id),
  );

  app.post('/api/conversations/:id/templates', { schema: { params: IdParam, body: SendTemplate, response: { 201: Message } } }, async (request, reply) =>
    reply.status(201).send(await messaging.sendTemplate(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/channels/:id/conversations',
    // A template (WhatsApp) or free text (SMS): which one the account takes is checked by `start`.
    { schema: { params: IdParam, body: z.union([StartChannelConversation, StartTextConversation]), response: { 201: Conversation } } },
    async (request, reply) => reply.status(201).send(await messaging.start(request.actor, request.params.id, request.body)),
  );

  app.post('/api/conversations/:id/merge', { schema: { params: IdParam, body: MergeCustomer, response: { 200: Ok } } }, async (request) => {
    await messaging.merge(request.actor, request.params.id, request.body.customerId);
    return { ok: true as const };
  });

  app.get('/api/customers', { schema: { querystring: CustomerSearch, response: { 200: CustomerSummaryList } } }, async (request) => ({
    customers: await messaging.searchCustomers(request.actor, request.query.q),
  }));
}
