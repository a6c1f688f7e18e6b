import type { Conversation, Message, SendTemplate, StartChannelConversation, StartTextConversation } from '@switchboard/protocol';
import { currentUser } from '../auth/session';
import { api } from '../lib/api';
import { newClientId } from '../lib/ids';
import { navigate } from '../app/route';
import { applyMessage, applyMessageAnswer, upsertConversation } from './chatStore';
import { chatKeys, queryClient } from './queries';

export interface TemplateChoice {
  name: string;
  language: string;
  parameters: string[];
}

/** Sends a failed message to the messaging app again; its delivery goes back to 'sending'. */
export async function retryDelivery(message: Message): Promise<void> {
  const updated = await api<Message>('POST', `/api/conversations/${message.conversationId}/messages/${message.id}/retry`);
  applyMessageAnswer(message, updated);
}

export async function sendChannelTemplate(conversationId: number, choice: TemplateChoice): Promise<void> {
  const body: SendTemplate = { clientId: newClientId(), ...choice };
  const message = await api<Message>('POST', `/api/conversations/${conversationId}/templates`, body);
  applyMessage(message, currentUser().id, false);
}

/** Starts a WhatsApp chat with a number by a template and opens it. */
export async function startChannelConversation(accountId: number, input: { phone: string; customerName: string } & TemplateChoice): Promise<void> {
  const body: StartChannelConversation = { clientId: newClientId(), ...input };
  const conversation = await api<Conversation>('POST', `/api/channels/${accountId}/conversations`, body);
  upsertConversation(conversation);
  navigate({ view: 'chat', conversationId: conversation.id });
}

/** Starts an SMS conversation with a number by free text, then opens it. */
export async function startSmsConversation(accountId: number, input: { phone: string; customerName: string; body: string }): Promise<void> {
  const body: StartTextConversation = { clientId: newClientId(), ...input };
  const conversation = await api<Conversation>('POST', `/api/channels/${accountId}/conversations`, body);
  upsertConversation(conversation);
  navigate({ view: 'chat', conversationId: conversation.id });
}

/** Makes another customer part of this chat's customer; irreversible. Information is fetched again. */
export async function mergeCustomer(conversationId: number, customerId: number): Promise<void> {
  await api('POST', `/api/conversations/${conversationId}/merge`, { customerId });
  await queryClient.invalidateQueries({ queryKey: chatKeys.info(conversationId) });
  void queryClient.invalidateQueries({ queryKey: ['customers'] });
}
