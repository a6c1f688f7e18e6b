import { AddMembers, Conversation, EditMessage, IdParam, MemberParam, Message, MessageRules, Ok, RenameConversation } from '@switchboard/protocol';
import type { App } from '../http/types.js';
import type { MessageEditsService } from './edits.js';
import type { GroupChatService } from './groups.js';

/** Group chats' names and members, and changes to my own messages: the internal chats' later changes. */
export function groupChatRoutes(app: App, groups: GroupChatService, edits: MessageEditsService): void {
  app.patch('/api/conversations/:id', { schema: { params: IdParam, body: RenameConversation, response: { 200: Conversation } } }, (request) =>
    groups.rename(request.actor, request.params.id, request.body),
  );

  app.post('/api/conversations/:id/members', { schema: { params: IdParam, body: AddMembers, response: { 200: Conversation } } }, (request) =>
    groups.addMembers(request.actor, request.params.id, request.body),
  );

  app.delete('/api/conversations/:id/members/:userId', { schema: { params: MemberParam, response: { 200: Conversation } } }, (request) =>
    groups.removeMember(request.actor, request.params.id, request.params.userId),
  );

  app.get('/api/messages/rules', { schema: { response: { 200: MessageRules } } }, (request) => edits.rules(request.actor));

  app.patch('/api/messages/:id', { schema: { params: IdParam, body: EditMessage, response: { 200: Message } } }, (request) =>
    edits.edit(request.actor, request.params.id, request.body),
  );

  app.delete('/api/messages/:id', { schema: { params: IdParam, response: { 200: Message } } }, (request) => edits.delete(request.actor, request.params.id));

  app.post('/api/conversations/:id/leave', { schema: { params: IdParam, response: { 200: Ok } } }, async (request) => {
    await groups.leave(request.actor, request.params.id);
    return { ok: true as const };
  });
}
