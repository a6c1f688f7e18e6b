import type { ContactList, ConversationList, GroupList, Me, UserList, UserSearchResult } from '@switchboard/protocol';

/** The protocol exports these only as schemas; derive their types without importing zod into the bundle. */
type Parsed<S extends { parse: (input: unknown) => unknown }> = ReturnType<S['parse']>;

export type MeResponse = Parsed<typeof Me>;
export type SearchResult = Parsed<typeof UserSearchResult>;
export type SearchUser = SearchResult['users'][number];
export type ContactListResponse = Parsed<typeof ContactList>;
export type ConversationListResponse = Parsed<typeof ConversationList>;
export type UserListResponse = Parsed<typeof UserList>;
export type GroupListResponse = Parsed<typeof GroupList>;

import type { ChannelAccountList, ConversationInfo, IpBlockList, MyQueueList, QueueList, WidgetList } from '@switchboard/protocol';

export type QueueListResponse = Parsed<typeof QueueList>;
export type MyQueueListResponse = Parsed<typeof MyQueueList>;
export type WidgetListResponse = Parsed<typeof WidgetList>;
export type ChannelAccountListResponse = Parsed<typeof ChannelAccountList>;
export type IpBlockListResponse = Parsed<typeof IpBlockList>;
export type ConversationInfoResponse = ConversationInfo;
export type QueueRefListResponse = { queues: { id: number; number: string; name: string }[] };
