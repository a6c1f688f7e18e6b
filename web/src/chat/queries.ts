import { QueryClient, keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ChannelAccountRef,
  ChannelTemplateList,
  ConversationInfo,
  CustomerSummary,
  Message,
  MessageRules,
  MessageSearchResult,
} from '@switchboard/protocol';
import { api, ApiError, withQuery } from '../lib/api';
import type { ConversationListResponse, SearchResult } from '../lib/types';

/**
 * The chat's server state that is not part of the live conversation store (which the event stream keeps):
 * Information, a WhatsApp account's templates, the accounts I may start a chat through, customer searches.
 * One client per signed-in session; sync.ts clears it on sign-out.
 */
export const queryClient = new QueryClient({
  // A refusal (4xx) is not retried: only a lost connection or a server error may cure itself.
  defaultOptions: {
    queries: { staleTime: 30_000, retry: (failures, error) => failures < 1 && (!(error instanceof ApiError) || error.transient), refetchOnWindowFocus: false },
  },
});

export const chatKeys = {
  info: (conversationId: number) => ['conversation-info', conversationId] as const,
  templates: (conversationId: number) => ['conversation-templates', conversationId] as const,
  channels: ['channels'] as const,
  customers: (q: string) => ['customers', q] as const,
  messageSearch: (q: string) => ['message-search', q] as const,
  messageRules: ['message-rules'] as const,
  userSearch: (q: string) => ['user-search', q] as const,
  archived: ['conversations', 'archived'] as const,
};

/**
 * Information follows the chat: a new last message or another state makes it a new query (showing the
 * previous answer meanwhile), so its history and sessions are never behind the conversation.
 */
export function useConversationInfo(conversation: { id: number; lastMessage: { id: number } | null; state: string | null }) {
  return useQuery({
    queryKey: [...chatKeys.info(conversation.id), conversation.lastMessage?.id ?? 0, conversation.state],
    queryFn: () => api<ConversationInfo>('GET', `/api/conversations/${conversation.id}/info`),
    placeholderData: keepPreviousData,
  });
}

export function useConversationTemplates(conversationId: number) {
  return useQuery({
    queryKey: chatKeys.templates(conversationId),
    queryFn: () => api<ChannelTemplateList>('GET', `/api/conversations/${conversationId}/templates`),
    staleTime: 5 * 60_000,
  });
}

/** The channel accounts I may start a chat through (WhatsApp numbers); empty when there are none. */
/** The accounts of a type I may start a chat through (WhatsApp by template, SMS by text). */
export function useStartableChannels(type: 'whatsapp' | 'sms' = 'whatsapp') {
  return useQuery({
    queryKey: chatKeys.channels,
    queryFn: () => api<{ channels: ChannelAccountRef[] }>('GET', '/api/channels'),
    select: (list) => list.channels.filter((c) => c.type === type),
    staleTime: 5 * 60_000,
  });
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: chatKeys.customers(q),
    queryFn: () => api<{ customers: CustomerSummary[] }>('GET', withQuery('/api/customers', { q })),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** Messages of my conversations whose text holds the words (the sidebar shows them under the people found). */
export function useMessageSearch(q: string) {
  return useQuery({
    queryKey: chatKeys.messageSearch(q),
    queryFn: () => api<MessageSearchResult>('GET', withQuery('/api/messages/search', { q })),
    enabled: q.length > 0,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** Colleagues by name or extension (the chat search, new group, transfer); nothing asked for ''. */
export function useUserSearch(q: string) {
  return useQuery({
    queryKey: chatKeys.userSearch(q),
    queryFn: () => api<SearchResult>('GET', withQuery('/api/users/search', { q })),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** My archived conversations, fetched when the Archived view is first shown (the store keeps them after). */
export function useArchivedConversations(enabled: boolean) {
  return useQuery({
    queryKey: chatKeys.archived,
    queryFn: () => api<ConversationListResponse>('GET', withQuery('/api/conversations', { archived: 'true' })),
    enabled,
  });
}

/** The server's edit window (MESSAGE_EDIT_MINUTES): it does not change while the server runs. */
export function useMessageRules() {
  return useQuery({
    queryKey: chatKeys.messageRules,
    queryFn: () => api<MessageRules>('GET', '/api/messages/rules'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A message's delivery or reactions changed: replace it in Information's history too. */
export function replaceMessageInQueries(message: Message): void {
  queryClient.setQueriesData<ConversationInfo>({ queryKey: chatKeys.info(message.conversationId) }, (info) =>
    info?.messages.some((m) => m.id === message.id) ? { ...info, messages: info.messages.map((m) => (m.id === message.id ? message : m)) } : info,
  );
}
