import type { Generated } from 'kysely';

/** Booleans are stored as 0/1 and times as epoch milliseconds so both dialects read them alike. */
export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  extension: string;
  role: 'admin' | 'manager' | 'agent';
  password_hash: string;
  disabled: Generated<number>;
  status: Generated<'available' | 'away' | 'dnd'>;
  event_seq: Generated<number>;
  created_at: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  is_manager: number;
}

export interface FavouritesTable {
  user_id: number;
  favourite_id: number;
}

export interface ContactsTable {
  id: Generated<number>;
  owner_id: number;
  name: string;
  company: string;
  phones: string;
  emails: string;
  /** Lower-cased name, company, phones and emails, for search. */
  search_text: string;
  created_at: number;
}

export interface ConversationsTable {
  id: Generated<number>;
  kind: 'direct' | 'group';
  title: string;
  /** "smallerId:largerId" for a direct chat, so there is only one per pair. */
  direct_key: string | null;
  created_at: number;
  last_activity_at: number;
}

export interface ConversationMembersTable {
  conversation_id: number;
  user_id: number;
  last_read_message_id: number;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: number;
  sender_id: number;
  client_id: string;
  body: string;
  created_at: number;
}

export interface EventsTable {
  user_id: number;
  seq: number;
  payload: string;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  favourites: FavouritesTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  events: EventsTable;
}
