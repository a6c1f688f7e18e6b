import { sql } from 'kysely';
import type { AnyDb, DialectName } from '../dialect.js';

/**
 * Whom a waiting chat is offered to is one column of its row (`offered_to`, the agents' ids between commas:
 * conversations/offers.ts), not a `conversation_members` row per agent. With Ring all a queue's fifty agents
 * got fifty rows a chat, each checked against two foreign keys, and forty-nine of them were deleted again by
 * the take: on PostgreSQL the insert of a batch's offer rows was a third of the intake's time in a burst of
 * new chats. The partial index finds an agent's offered chats among the waiting ones only.
 */
export function offersOnConversationMigration(dialect: DialectName) {
  return {
    async up(db: AnyDb) {
      await sql`alter table conversations add column offered_to text`.execute(db);
      const list = dialect === 'postgres' ? sql`string_agg(cast(m.user_id as text), ',' order by m.user_id)` : sql`group_concat(m.user_id, ',')`;
      await sql`
        update conversations set offered_to = (
          select ',' || ${list} || ',' from conversation_members m where m.conversation_id = conversations.id and m.role = 'offered')
        where exists (select 1 from conversation_members m where m.conversation_id = conversations.id and m.role = 'offered')`.execute(db);
      await sql`delete from conversation_members where role = 'offered'`.execute(db);
      await sql`create index conversations_offered on conversations (id) where offered_to is not null`.execute(db);
    },
  };
}
