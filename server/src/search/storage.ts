import type { MessageHit } from '@switchboard/protocol';
import { offeredTo } from '../conversations/offers.js';
import type { Db } from '../db/database.js';
import { dialectOf, messageTextMatches } from '../db/dialect.js';

/**
 * Message search, newest first, in the conversations `userId` is a member of in any role (member,
 * offered, owner, former): exactly the chats the `conversation.read` rule lets them read as a
 * participant. Queue chats a supervisor could open but is not in are not "theirs" and are left out.
 */
export async function searchMessages(db: Db, userId: number, words: string[], limit: number): Promise<MessageHit[]> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select((eb) => [
      'm.id',
      'm.conversation_id',
      'm.author',
      'm.sender_id',
      'm.sender_name',
      'm.body',
      'm.created_at',
      'c.kind',
      'c.title',
      'c.channel',
      // A direct chat has no title: it is named after the other colleague.
      eb
        .selectFrom('conversation_members as other')
        .innerJoin('users as u', 'u.id', 'other.user_id')
        .select('u.name')
        .whereRef('other.conversation_id', '=', 'c.id')
        .where('other.user_id', '!=', userId)
        .limit(1)
        .as('other_name'),
    ])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('conversation_members as cm')
            .select('cm.user_id')
            .whereRef('cm.conversation_id', '=', 'm.conversation_id')
            .where('cm.user_id', '=', userId),
        ),
        eb.and([eb('c.offered_to', 'is not', null), offeredTo('c', userId)]),
      ]),
    )
    .where('m.author', '!=', 'system')
    .where(messageTextMatches(dialectOf(db), 'm.id', words))
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    conversationKind: r.kind,
    conversationTitle: r.kind === 'direct' ? (r.other_name ?? '') : r.title,
    channel: r.channel,
    author: r.author,
    senderId: r.sender_id,
    senderName: r.sender_name,
    body: r.body,
    createdAt: r.created_at,
  }));
}
